package org.gardenos.k3s.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.GardenOS;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.Layer;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.inventory.Role;
import org.gardenos.k3s.K3sApiBackends;
import org.gardenos.k3s.K3sLayer;
import org.gardenos.k3s.K3sModule;
import org.gardenos.lb.LoadBalancedBackends;
import org.gardenos.lb.LoadBalancerModule;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.TestHost;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.gardenos.remote.ssh.SshRemoteHostConnector;
import org.gardenos.state.StateDir;
import org.gardenos.testsupport.StandInEtcd;
import org.gardenos.testsupport.TestInventories;

/**
 * The lb and k3s layers applied to nspawn hosts with the K3s STAND-IN ({@code k3s-stand-in}, installed as
 * /usr/local/bin/k3s from a local {@code k3s.artifact}) and without the API phase: what the stand-in host tests share.
 */
final class StandInK3sRuns {
    private StandInK3sRuns() {
    }

    /** Copies the stand-in script into {@code dir}; the inventory names it as the K3s artifact. */
    static Path copyStandIn(Path dir) throws Exception {
        Path standIn = dir.resolve("k3s-stand-in");
        try (var in = StandInK3sRuns.class.getResourceAsStream("/k3s/k3s-stand-in")) {
            Files.write(standIn, in.readAllBytes());
        }
        return standIn;
    }

    /** An inventory of {@code hosts} with {@code roles}, the stand-in as artifact and {@code moreK3s} lines. */
    static Inventory inventory(DebianHosts hosts, Map<String, Set<Role>> roles, Path standIn, String moreK3s)
            throws Exception {
        Path file = hosts.inventoryFile("garden", "k3s:\n  artifact: " + standIn + "\n" + moreK3s, roles);
        return InventoryLoader.forModules(List.of(new StandInEtcd.Module(), new K3sModule(), new LoadBalancerModule()))
                .load(file).inventory();
    }

    /** {@code apply lb k3s} as the CLI would, with the artifact cache under {@code dir}. */
    static ApplyReport apply(Inventory inventory, StateDir state, Path dir) {
        K3sLayer k3s = new K3sLayer(ReleaseArtifact.withCache(dir.resolve("artifact-cache")),
                new K3sLayer.Options(Duration.ofSeconds(60), Duration.ofMillis(300), false), t -> {
                    throw new IllegalStateException("no API phase with the stand-in");
                }, TestInventories.ETCD);
        try (GardenOS garden = open(inventory, state, k3s)) {
            return garden.apply(ApplyListener.NONE, "lb", "k3s");
        }
    }

    private static GardenOS open(Inventory inventory, StateDir state, Layer k3s) {
        return GardenOS.builder().inventory(inventory).stateDir(state.root())
                .connector(new SshRemoteHostConnector(inventory.ssh(), HostKeyPolicy.STRICT))
                .addModule(new StandInEtcd.Module(), new LoadBalancerModule(), new AbstractModule() {
                    @Override
                    protected void configure() {
                        Multibinder.newSetBinder(binder(), Layer.class).addBinding().toInstance(k3s);
                        bind(LoadBalancedBackends.class).to(K3sApiBackends.class);
                    }
                }).build();
    }

    /** The start or ready times the stand-in recorded on {@code h} ({@code started}, {@code ready}). */
    static List<Double> times(TestHost h, String file) {
        String out = h.exec("cat /var/lib/k3s-stand-in/" + file + " 2>/dev/null").stdout().strip();
        return out.isEmpty() ? List.of() : Arrays.stream(out.split("\n")).map(Double::parseDouble).toList();
    }

    /** {@code secret} is in no process's arguments, no journal line and no world-readable file on {@code h}. */
    static void assertNotInArgumentsJournalOrWorldReadableFiles(TestHost h, String secret) {
        assertThat(h.exec("ps -eo args").requireOk().stdout()).as(h.name()).doesNotContain(secret);
        // the secret goes to the host's commands on stdin only, so the test itself puts it in no command line
        byte[] pattern = (secret + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(h.exec("umask 077; journalctl --no-pager -o cat > /root/.journal-dump;"
                + " grep -c -F -f - /root/.journal-dump; rm -f /root/.journal-dump", pattern).stdout().strip())
                .as(h.name() + " journal").isEqualTo("0");
        String worldReadable = h.exec("umask 077; cat > /root/.token-pattern; find /etc /var /run /tmp /usr/local"
                + " /root /home -xdev -type f -perm -o=r -size -2M -print0 2>/dev/null"
                + " | xargs -0 -r grep -l -F -f /root/.token-pattern 2>/dev/null; rm -f /root/.token-pattern",
                pattern).stdout().strip();
        assertThat(worldReadable).as(h.name() + " world-readable files with the secret").isEmpty();
    }

    /** Copies stderr (where slf4j-simple logs) into a buffer the token check reads. */
    static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }
}
