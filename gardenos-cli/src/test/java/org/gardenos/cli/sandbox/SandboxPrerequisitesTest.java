package org.gardenos.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gardenos.nspawn.DebianHosts;
import org.junit.jupiter.api.Test;

class SandboxPrerequisitesTest {

    @Test
    void everyCommandTheTestkitRunsHasADebianPackage() {
        assertThat(SandboxPrerequisites.PACKAGE_OF).containsKeys(SandboxPrerequisites.REQUIRED_COMMANDS.toArray(String[]::new));
        assertThat(SandboxPrerequisites.REQUIRED_COMMANDS).containsAll(DebianHosts.REQUIRED_COMMANDS).contains("etcd", "etcdctl");
    }

    @Test
    void packagesAreNamedOnceEach() {
        SandboxPrerequisites p = new SandboxPrerequisites(true, List.of("mount", "umount", "systemd-nspawn", "ip"), true);

        assertThat(p.packagesToInstall()).containsExactly("mount", "systemd-container", "iproute2");
        assertThat(p.installable()).isTrue();
        assertThat(p.satisfied()).isFalse();
    }

    @Test
    void notRootSaysSoAndNamesTheMissingCommandsWithTheirPackages() {
        SandboxPrerequisites p = new SandboxPrerequisites(false, List.of("debootstrap", "systemd-nspawn"), true);

        assertThat(p.installable()).isFalse();
        assertThat(p.describe()).isEqualTo("the sandbox cannot run on this machine: not running as root (the sandbox"
                + " creates systemd-nspawn containers and network namespaces: run it as root); missing commands:"
                + " debootstrap (Debian package debootstrap), systemd-nspawn (Debian package systemd-container);"
                + " as root, `gardenos sandbox up` installs them with apt-get");
    }

    @Test
    void outsideDebianNothingIsInstalled() {
        SandboxPrerequisites p = new SandboxPrerequisites(true, List.of("debootstrap"), false);

        assertThat(p.installable()).isFalse();
        assertThat(p.describe()).endsWith("install them with your system's package manager");
    }

    @Test
    void rootWithEveryCommandIsSatisfied() {
        assertThat(new SandboxPrerequisites(true, List.of(), true).satisfied()).isTrue();
        assertThat(new SandboxPrerequisites(false, List.of(), true).satisfied()).isFalse();
    }
}
