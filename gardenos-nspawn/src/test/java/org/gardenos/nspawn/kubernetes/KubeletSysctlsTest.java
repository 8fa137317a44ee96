package org.gardenos.nspawn.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

    /** Files.readString got only the first digit of an integer sysctl on this machine's kernel (6.18). */
    @Test
    void aMultiDigitSettingIsReadWholeAsCatReadsIt() throws Exception {
        Process cat = new ProcessBuilder("cat", "/proc/sys/kernel/pid_max").start();
        String expected = new String(cat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(cat.waitFor()).isZero();
        assertThat(expected).as("pid_max has at least three digits").hasSizeGreaterThan(2);
        assertThat(MachineCommands.readSysctl("kernel.pid_max")).isEqualTo(expected);
    }
}
