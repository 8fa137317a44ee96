package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.remote.Probe;
import org.gardenos.standin.InMemoryHostStandIn;
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

    @Test
    void aNoOpCheckOfAPkiFileOrTheUserAndDirsRunsOnlyWhatItDeclares() throws Exception {
        OneMemberOnStandIn m = OneMemberOnStandIn.in(dir);
        InMemoryHostStandIn host = m.host();
        Target t = m.target();
        List<Resource> resources = List.of(m.memberCert(), m.memberKey(),
                new EtcdPkiFile(m.run(), m.member(), EtcdHostPaths.CA, 0644, p -> p.caCert()));
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
