package org.gardenos.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {
    @Test
    void aMetPrerequisiteDoesNothing() {
        assertThatCode(() -> Prerequisites.require(true, "x", "true")).doesNotThrowAnyException();
    }

    @Test
    void aMissingPrerequisiteSkipsWithItsReason() {
        assertThatThrownBy(() -> Prerequisites.require(false, "/usr/sbin/sshd is not installed", null))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("/usr/sbin/sshd is not installed");
        assertThatThrownBy(() -> Prerequisites.require(false, "why", "false"))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void aMissingPrerequisiteFailsOnCi() {
        assertThatThrownBy(() -> Prerequisites.require(false, "needs root", "true"))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("CI=true").hasMessageContaining("needs root");
    }
}
