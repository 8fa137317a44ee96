package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import org.gardenos.engine.Target;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.standin.TestInventories;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 2, defence in depth behind the inventory's path rule: the data dir reaches the root shell only as one
 * single-quoted word (on an in-memory stand-in host that records the commands).
 */
class EtcdSystemSetupTest {
    private static final String HOSTILE = "/var/lib/etcd;touch${IFS}/tmp/pwned;#";

    @Test
    void theDataDirIsQuotedInEveryCommand() {
        var host = InMemoryHostStandIn.succeeding("node-1");
        var target = new Target(TestInventories.host("node-1", "127.0.0.11"), host, TestInventories.nodes(1), null);
        var setup = new EtcdSystemSetup(HOSTILE);

        setup.apply(target, setup.check(target));

        assertThat(host.commands()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(command ->
                assertThat(command.replace("'" + HOSTILE + "'", "QUOTED")).contains("QUOTED").doesNotContain(HOSTILE));
    }
}
