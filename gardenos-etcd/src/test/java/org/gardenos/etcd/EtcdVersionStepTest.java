package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 9 item 15: a jump over a minor version (3.4 to 3.6) is refused with the supported path. */
class EtcdVersionStepTest {
    @Test
    void aJumpOverAMinorVersionIsRefusedNamingEachStep() {
        assertThat(EtcdVersionStep.refusal("3.4.23", "3.6.0")).hasValueSatisfying(r -> assertThat(r)
                .contains("etcd 3.4.23 is installed and etcd.version is 3.6.0")
                .contains("one minor version at a time (3.4 -> 3.5 -> 3.6)")
                .contains("hint: apply with etcd.version 3.5.x first"));
    }

    @Test
    void theSameMinorAndTheNextOneAreAllowed() {
        assertThat(EtcdVersionStep.refusal("3.4.23", "3.4.30")).isEmpty();
        assertThat(EtcdVersionStep.refusal("3.4.23", "3.5.17")).isEmpty();
        assertThat(EtcdVersionStep.refusal("3.5.17", "3.6.4")).isEmpty();
    }

    @Test
    void aMinorDowngradeAndAMajorChangeAreRefused() {
        assertThat(EtcdVersionStep.refusal("3.5.17", "3.4.23")).hasValueSatisfying(r -> assertThat(r)
                .contains("does not downgrade"));
        assertThat(EtcdVersionStep.refusal("3.5.17", "4.0.0")).hasValueSatisfying(r -> assertThat(r)
                .contains("major version"));
    }
}
