package org.gardenos.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.Probe;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.state.StateDir;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: every check of the lb play runs only what its resource declares in {@code probes()}, so the converger
 * answers it from the play's one batch (before: the HAProxy config file, wrapped for its secret, declared nothing
 * and probed the file in a session of its own). Checked on an in-memory stand-in host that records every command.
 */
class LbProbesDeclaredTest {
    @TempDir
    Path dir;

    @Test
    void everyCheckOfTheLbPlayRunsOnlyWhatItDeclares() throws Exception {
        var inv = TestInventories.threeServers();
        HostSpec lb1 = inv.host("lb1").orElseThrow();
        StateDir state = StateDir.open(dir);
        StatsPassword.loadOrCreate(state);
        InMemoryHostStandIn host = InMemoryHostStandIn.succeeding("lb1");
        Target t = new Target(lb1, host, inv, state);
        LoadBalancerLayer layer = new LoadBalancerLayer(new TestInventories.StandInBackends(6443));
        List<Resource> resources = layer.plays(inv).get(0).resources().apply(lb1);
        Resource config = resources.stream().filter(r -> r.name().equals("file:" + HaproxyConfigFile.PATH))
                .findFirst().orElseThrow();
        // the live file as an apply leaves it (the stand-in does not run the candidate's mv)
        host.put(HaproxyConfigFile.PATH, layer.render(t), HaproxyConfigFile.MODE, HaproxyConfigFile.OWNER);

        for (Resource r : resources) {
            int before = host.commands().size();
            Change c = r.check(t);
            List<String> ran = host.commands().subList(before, host.commands().size());
            assertThat(r.probes()).as(r.name()).containsAll(ran.stream().map(Probe::command).toList());
            if (r == config) {
                assertThat(c.isNone()).as(r.name()).isTrue();
                assertThat(ran).as(r.name()).isNotEmpty();
            }
        }
    }
}
