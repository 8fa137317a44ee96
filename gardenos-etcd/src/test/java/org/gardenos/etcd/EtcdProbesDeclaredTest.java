package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.Probe;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the install play's etcd resources declare what their no-op check runs on the host ({@code probes()}),
 * so the converger answers it from the play's one batch instead of a session per command (before: every PKI file a
 * session, a staged pair's files two, the user-and-dirs check one). Checked on an in-memory stand-in host that
 * records every command: a no-op check runs nothing that was not declared.
 */
class EtcdProbesDeclaredTest {
    @TempDir
    Path dir;

    private final HostSpec n1 = HostSpec.of("n1", "203.0.113.11", EtcdSection.ROLE);
    private final Inventory inventory = EtcdLayerPlaysTest.inventory(true, List.of(n1));
    private final EtcdPki.Member member = new EtcdPki.Member("n1", "203.0.113.11");

    @Test
    void aNoOpCheckOfAPkiFileOrTheUserAndDirsRunsOnlyWhatItDeclares() throws Exception {
        StateDir state = StateDir.open(dir.resolve("state"));
        EtcdPki.ensure(state, List.of(member));
        InMemoryHostStandIn host = new InMemoryHostStandIn("n1", "203.0.113.11").succeedUnscripted();
        EtcdRun run = new EtcdRun(inventory, ReleaseArtifact.withCache(dir.resolve("cache")), EtcdTimeouts.defaults(),
                Optional.empty());
        Target t = new Target(n1, host, inventory, state);
        List<Resource> resources = List.of(
                new EtcdPkiFile(run, member, EtcdHostPaths.MEMBER_CERT, 0644, p -> p.member("n1").cert()),
                new EtcdPkiFile(run, member, EtcdHostPaths.MEMBER_KEY, 0600, p -> p.member("n1").key()),
                new EtcdPkiFile(run, member, EtcdHostPaths.CA, 0644, p -> p.caCert()));
        for (Resource r : resources) {
            Change c = r.check(t);
            r.apply(t, c);
        }
        host.on(c -> c.startsWith("id -u "), c -> host.result(c, 0, "700 etcd\n", ""));

        for (Resource r : List.of(resources.get(0), resources.get(1), resources.get(2),
                new EtcdSystemSetup("/var/lib/etcd"))) {
            int before = host.commands().size();
            assertThat(r.check(t).isNone()).as(r.name()).isTrue();
            List<String> ran = host.commands().subList(before, host.commands().size());
            assertThat(ran).as(r.name()).isNotEmpty();
            assertThat(r.probes()).as(r.name()).containsAll(ran.stream().map(Probe::command).toList());
        }
    }
}
