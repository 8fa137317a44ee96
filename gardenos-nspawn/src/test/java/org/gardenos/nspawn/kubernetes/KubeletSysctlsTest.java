package org.gardenos.nspawn.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which machine values the cluster puts back when it closes: not a key quota too low for any container. */
class KubeletSysctlsTest {
    @Test
    void aKeyQuotaBelowTheUnprivilegedDefaultIsNotWorthRestoring() {
        assertThat(KubeletSysctls.unusable("kernel.keys.root_maxkeys", "1")).isTrue();
        assertThat(KubeletSysctls.unusable("kernel.keys.root_maxbytes", "2")).isTrue();
        assertThat(KubeletSysctls.unusable("kernel.keys.root_maxkeys", "not-a-number")).isTrue();
        assertThat(KubeletSysctls.unusable("kernel.keys.root_maxkeys", "200")).isFalse();
        assertThat(KubeletSysctls.unusable("kernel.keys.root_maxbytes", "25000000")).isFalse();
        assertThat(KubeletSysctls.unusable("kernel.panic", "0")).as("other settings are always restored").isFalse();
    }
}
