package org.gardenos.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.error.InputException;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.Converger;
import org.gardenos.engine.HostRecap;
import org.gardenos.engine.HostWarning;
import org.gardenos.engine.RunOptions;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.Probe;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.standin.StandInConnector;
import org.gardenos.standin.TestInventories;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base layer's logic on simulated Debian hosts and containers (stand-ins; real nspawn hosts: integration). */
class BaseLayerTest {
    private static final int RESOURCES = 11;

    @TempDir
    Path stateRoot;

    private final StandInConnector connector = new StandInConnector();
    private final Inventory inventory = TestInventories.nodes(2);
    private final Map<String, SimulatedDebianHost> hosts = new HashMap<>();

    private Converger converger() {
        return new Converger(inventory, StateDir.open(stateRoot), connector, new RunOptions(2), Set.of(new BaseLayer()));
    }

    private void realHosts() {
        inventory.hosts().forEach(h -> hosts.put(h.name(), SimulatedDebianHost.realHost(connector.host(h))));
    }

    private void containers(String capEff, boolean ipForwardWritable) {
        inventory.hosts().forEach(h -> {
            SimulatedDebianHost sim = new SimulatedDebianHost(connector.host(h));
            sim.container = true;
            sim.capEff = capEff;
            sim.swaps = 1; // the container host's swap, visible through /proc/swaps
            if (ipForwardWritable) {
                sim.writableSysctls.add("net.ipv4.ip_forward");
            }
            hosts.put(h.name(), sim);
        });
    }

    @Test
    void aRealHostIsPreparedCompletelyAndASecondApplyChangesNothing() {
        realHosts();
        Converger converger = converger();

        ApplyReport first = converger.apply(List.of(), ApplyListener.NONE);

        assertThat(first.failures()).isEmpty();
        assertThat(first.warnings()).isEmpty();
        assertThat(first.hosts()).containsOnly(new HostRecap("node-1", 0, RESOURCES, 0, 0),
                new HostRecap("node-2", 0, RESOURCES, 0, 0));
        SimulatedDebianHost node1 = hosts.get("node-1");
        assertThat(node1.kernelHostname).isEqualTo("node-1");
        assertThat(node1.host.text("/etc/hostname")).isEqualTo("node-1\n");
        assertThat(node1.modules).containsExactlyInAnyOrder("overlay", "br_netfilter");
        assertThat(node1.sysctls).containsEntry("net.ipv4.ip_forward", "1")
                .containsEntry("net.bridge.bridge-nf-call-iptables", "1")
                .containsEntry("net.bridge.bridge-nf-call-ip6tables", "1");
        assertThat(node1.swaps).isZero();
        assertThat(node1.installed).contains("iproute2", "kmod");
        assertThat(node1.host.commands()).anyMatch(c -> c.contains("apt-get install -y --no-install-recommends iproute2 kmod apparmor"));
        // no time daemon on the host: systemd-timesyncd installed, enabled and running
        assertThat(node1.installed).contains("apparmor", "systemd-timesyncd");
        assertThat(node1.enabledUnits).containsExactly("systemd-timesyncd.service");
        assertThat(node1.activeUnits).containsExactly("systemd-timesyncd.service");
        assertThat(node1.host.text("/etc/fstab")).contains("# swap disabled by GardenOS: UUID=5678 none swap sw 0 0")
                .contains("\nUUID=1234 / ext4 errors=remount-ro 0 1\n");

        ApplyReport second = converger.apply(List.of(), ApplyListener.NONE);
        assertThat(second.changed()).isZero();
        assertThat(second.hosts()).allMatch(r -> r.ok() == RESOURCES);
        assertThat(converger.plan(List.of()).converged()).isTrue();
    }

    @Test
    void modulesBuiltIntoTheKernelCountAsLoadedAndAreNeverModprobed() {
        realHosts();
        hosts.values().forEach(sim -> {
            sim.builtinModules.addAll(BaseLayer.MODULES);
            // built-in br_netfilter: its keys exist from boot
            for (String key : List.of("net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables")) {
                sim.sysctls.put(key, "0");
                sim.writableSysctls.add(key);
            }
        });
        Converger converger = converger();

        ApplyReport first = converger.apply(List.of(), ApplyListener.NONE);
        ApplyReport second = converger.apply(List.of(), ApplyListener.NONE);

        assertThat(first.failures()).isEmpty();
        assertThat(first.hosts()).allMatch(r -> r.changed() == RESOURCES - 1 && r.ok() == 1);
        assertThat(second.changed()).isZero();
        assertThat(hosts.values()).allSatisfy(sim -> assertThat(sim.modprobes).isEmpty());
    }

    @Test
    void theModuleProbeRunsUnderARealShell() throws Exception {
        // the probe's shell syntax and output format, on this machine's real sh, /sys and /lib/modules
        String probe = new KernelModulesLoaded(List.of("overlay", "br_netfilter", "no-such_module")).probeCommand();
        Process p = new ProcessBuilder("sh", "-c", probe).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out.lines().filter(l -> !l.startsWith("container="))).hasSize(3)
                .allMatch(l -> l.matches("(overlay|br_netfilter|no-such_module)=(loaded|builtin|missing)"))
                .contains("no-such_module=missing");
    }

    @Test
    void hostsFileGetsEveryNodeAndKeepsTheDebianLines() {
        realHosts();
        converger().apply(List.of(), ApplyListener.NONE);
        assertThat(hosts.get("node-2").host.text("/etc/hosts")).isEqualTo("""
                127.0.0.1\tlocalhost
                127.0.1.1\tdebian
                ::1\tlocalhost ip6-localhost ip6-loopback
                # BEGIN GARDENOS cluster-hosts
                127.0.0.11 node-1
                127.0.0.12 node-2
                # END GARDENOS cluster-hosts
                """);
    }

    @Test
    void anUnprivilegedContainerGetsThePersistentFilesAndWarningsForTheRuntimeParts() {
        containers(SimulatedDebianHost.NO_SYS_ADMIN, false);
        Converger converger = converger();

        ApplyReport first = converger.apply(List.of(), ApplyListener.NONE);

        assertThat(first.failed()).isZero();
        // packages, time sync, /etc/hostname, /etc/hosts, modules-load.d, sysctl.d, fstab; the runtime four are OK
        // with warnings
        assertThat(first.hosts()).allMatch(r -> r.changed() == 7 && r.ok() == 4);
        SimulatedDebianHost node1 = hosts.get("node-1");
        assertThat(node1.host.text(BaseLayer.SYSCTL_FILE)).contains("net.bridge.bridge-nf-call-iptables = 1");
        assertThat(node1.host.text(BaseLayer.MODULES_FILE)).contains("\noverlay\nbr_netfilter\n");
        assertThat(node1.host.commands()).noneMatch(c -> c.startsWith("modprobe") || c.equals("swapoff -a")
                || c.startsWith("hostname '") || c.startsWith("printf"));
        assertThat(first.warnings()).filteredOn(w -> w.host().equals("node-1")).extracting(HostWarning::resource)
                .containsExactly("hostname:node-1", "modules:overlay,br_netfilter", "sysctl:runtime",
                        "sysctl:runtime", "sysctl:runtime", "swap:off");
        assertThat(first.warnings()).filteredOn(w -> w.resource().equals("swap:off")).first()
                .extracting(HostWarning::message).asString().contains("run `swapoff -a` on the host");

        ApplyReport second = converger.apply(List.of(), ApplyListener.NONE);
        assertThat(second.changed()).isZero();
        assertThat(second.failed()).isZero();
        assertThat(second.hosts()).allMatch(r -> r.ok() == RESOURCES);
        // systemd skips systemd-timesyncd in a container: enabled, not running, a warning and OK
        assertThat(node1.enabledUnits).containsExactly("systemd-timesyncd.service");
        assertThat(node1.activeUnits).isEmpty();
        assertThat(second.warnings()).filteredOn(w -> w.resource().equals("time-sync")).extracting(HostWarning::message)
                .contains("systemd-timesyncd.service is enabled, but systemd does not run it in this container"
                        + " (ConditionVirtualization=!container): the container shares its host's clock");
    }

    /**
     * Issue 13: a no-op check asks nothing it does not declare, so the play's one batch answers all of it (the
     * time daemon's unit state was a session of its own on every run: `apply base` 3 sessions per host, now 2).
     */
    @Test
    void aNoOpCheckOfEveryBaseResourceRunsOnlyWhatItDeclares() throws Exception {
        realHosts();
        converger().apply(List.of(), ApplyListener.NONE);
        HostSpec h = inventory.hosts().get(0);
        InMemoryHostStandIn host = connector.host(h);
        Target t = new Target(h, host, inventory, StateDir.open(stateRoot));

        for (Resource r : new BaseLayer().resources(inventory, h)) {
            int before = host.commands().size();
            assertThat(r.check(t).isNone()).as(r.name()).isTrue();
            List<String> ran = host.commands().subList(before, host.commands().size());
            assertThat(r.probes()).as(r.name()).containsAll(ran.stream().map(Probe::command).toList());
        }
    }

    @Test
    void anNspawnLikeContainerChangesWhatItMayAndWarnsAboutTheRest() {
        containers(SimulatedDebianHost.FULL_CAPS, true); // CAP_SYS_ADMIN, private netns: ip_forward writable
        Converger converger = converger();

        ApplyReport first = converger.apply(List.of(), ApplyListener.NONE);

        assertThat(first.failed()).isZero();
        SimulatedDebianHost node2 = hosts.get("node-2");
        assertThat(node2.kernelHostname).isEqualTo("node-2");
        assertThat(node2.sysctls).containsEntry("net.ipv4.ip_forward", "1");
        assertThat(first.warnings()).filteredOn(w -> w.host().equals("node-2")).extracting(HostWarning::message)
                .anyMatch(m -> m.startsWith("net.bridge.bridge-nf-call-iptables is <missing>"))
                .noneMatch(m -> m.startsWith("net.ipv4.ip_forward"));

        ApplyReport second = converger.apply(List.of(), ApplyListener.NONE);
        assertThat(second.changed()).isZero();
        assertThat(second.failed()).isZero();
    }

    @Test
    void aContainerRefusingTheHostnameChangeSkipsItWithAWarningNotAFailure() {
        containers(SimulatedDebianHost.FULL_CAPS, false);
        hosts.values().forEach(s -> s.hostnameChangeRefused = true);
        Converger converger = converger();

        ApplyReport first = converger.apply(List.of(), ApplyListener.NONE);

        assertThat(first.failed()).isZero();
        assertThat(first.hosts()).allMatch(r -> r.skipped() == 1);
        assertThat(first.warnings()).extracting(HostWarning::message)
                .anyMatch(m -> m.contains("refused the runtime hostname change (hostname: you must be root"));
        ApplyReport second = converger.apply(List.of(), ApplyListener.NONE);
        assertThat(second.changed()).isZero();
        assertThat(second.failed()).isZero();
    }

    @Test
    void anInvalidHostnameIsAnInputErrorBeforeAnyWork() {
        Inventory bad = TestInventories.of(TestInventories.host("Node_1", "127.0.0.11"));
        assertThatThrownBy(() -> new BaseLayer().plays(bad)).isInstanceOf(InputException.class)
                .hasMessage("gardenos.yaml: hosts[name=Node_1]: 'Node_1' is not a valid hostname (lower-case letters, "
                        + "digits and '-', dot-separated labels of 1-63 characters); the base layer makes it the host's hostname");
        assertThat(new BaseLayer().plays(TestInventories.of(TestInventories.host("db-1.garden.example", "127.0.0.11"))))
                .hasSize(1);
    }

    @Test
    void persistentFilesHaveTheDocumentedContent() {
        assertThat(BaseLayer.sysctlFile()).endsWith("""
                net.ipv4.ip_forward = 1
                net.bridge.bridge-nf-call-iptables = 1
                net.bridge.bridge-nf-call-ip6tables = 1
                """);
        assertThat(BaseLayer.modulesFile()).endsWith("\noverlay\nbr_netfilter\n");
        assertThat(new BaseLayer().dependsOn()).isEmpty();
        assertThat(new BaseLayer().name()).isEqualTo("base");
    }
}
