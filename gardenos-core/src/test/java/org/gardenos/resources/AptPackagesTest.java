package org.gardenos.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Target;
import org.gardenos.remote.RemoteCommandException;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.standin.TestInventories;
import org.junit.jupiter.api.Test;

class AptPackagesTest {
    private final InMemoryHostStandIn host = new InMemoryHostStandIn("node-1", "127.0.0.11");
    private final Target target = new Target(TestInventories.host("node-1", "127.0.0.11"), host, TestInventories.nodes(1), null);
    private final AptPackages packages = new AptPackages(List.of("curl", "kmod", "iproute2"));

    private void dpkgKnows(String stdout, int exit) {
        host.on(c -> c.startsWith("dpkg-query -W"), c -> host.result(c, exit, stdout,
                exit == 1 ? "dpkg-query: no packages found matching iproute2\n" : ""));
    }

    @Test
    void installsOnlyTheMissingOnes() {
        dpkgKnows("curl ii \nkmod rc \n", 1); // kmod removed (config left), iproute2 unknown
        host.on(c -> c.contains("apt-get install"), c -> host.result(c, 0, "", ""));

        Change change = packages.check(target);
        assertThat(change).isEqualTo(Change.of(ChangeAction.INSTALL, "kmod iproute2"));
        packages.apply(target, change);

        assertThat(host.commands()).contains("export DEBIAN_FRONTEND=noninteractive; "
                + "apt-get install -y --no-install-recommends kmod iproute2 || { apt-get update && "
                + "apt-get install -y --no-install-recommends kmod iproute2; }");
    }

    @Test
    void allInstalledMeansNothingToDo() {
        dpkgKnows("curl ii \nkmod ii \niproute2 hi \n", 0);
        assertThat(packages.check(target).isNone()).isTrue();
        assertThat(host.commands()).noneMatch(c -> c.contains("apt-get"));
    }

    @Test
    void aFailedInstallNamesCommandAndStderr() {
        dpkgKnows("", 1);
        host.on(c -> c.contains("apt-get install"), c -> host.result(c, 100, "", "E: Unable to locate package kmod"));
        assertThatThrownBy(() -> packages.apply(target, Change.of(ChangeAction.INSTALL, "")))
                .isInstanceOf(RemoteCommandException.class)
                .hasMessageContaining("exited 100: E: Unable to locate package kmod");
    }

    @Test
    void dpkgItselfFailingIsAFailure() {
        dpkgKnows("", 2);
        assertThatThrownBy(() -> packages.check(target)).isInstanceOf(RemoteCommandException.class);
    }

    @Test
    void rejectsNamesThatAreNotPackageNames() {
        assertThatThrownBy(() -> new AptPackages(List.of("curl; reboot"))).isInstanceOf(IllegalArgumentException.class);
    }
}
