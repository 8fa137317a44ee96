package org.gardenos.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sandbox up}'s package installs wait for another apt run's lock, like scripts/lib/packages.sh. */
class AptGetCommandsTest {
    @Test
    void updateAndInstallWaitForTheAptLock() {
        assertThat(PackageInstaller.AptGet.commands(List.of("etcd-server", "debootstrap"))).containsExactly(
                List.of("apt-get", "-o", "DPkg::Lock::Timeout=120", "update", "-q"),
                List.of("apt-get", "-o", "DPkg::Lock::Timeout=120", "install", "-y", "-q",
                        "--no-install-recommends", "etcd-server", "debootstrap"));
    }
}
