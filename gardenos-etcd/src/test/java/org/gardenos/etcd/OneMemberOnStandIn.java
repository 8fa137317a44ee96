package org.gardenos.etcd;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.engine.Target;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.state.StateDir;

/**
 * The fixture of the install play's unit tests: one etcd member {@code n1} (TLS) on an in-memory STAND-IN host that
 * records every command, its PKI issued in {@code DIR/state}, and the play's target.
 */
record OneMemberOnStandIn(EtcdPki.Member member, StateDir state, EtcdPki pki, InMemoryHostStandIn host, EtcdRun run,
                          Target target) {
    static OneMemberOnStandIn in(Path dir) {
        HostSpec n1 = HostSpec.of("n1", "203.0.113.11", EtcdSection.ROLE);
        Inventory inventory = EtcdLayerPlaysTest.inventory(true, List.of(n1));
        EtcdPki.Member member = new EtcdPki.Member("n1", "203.0.113.11");
        StateDir state = StateDir.open(dir.resolve("state"));
        EtcdPki pki = EtcdPki.ensure(state, List.of(member));
        InMemoryHostStandIn host = new InMemoryHostStandIn("n1", "203.0.113.11").succeedUnscripted();
        EtcdRun run = new EtcdRun(inventory, ReleaseArtifact.withCache(dir.resolve("cache")), EtcdTimeouts.defaults(),
                Optional.empty(), false);
        return new OneMemberOnStandIn(member, state, pki, host, run, new Target(n1, host, inventory, state));
    }

    EtcdPkiFile memberCert() {
        return new EtcdPkiFile(run, member, EtcdHostPaths.MEMBER_CERT, 0644, p -> p.member("n1").cert());
    }

    EtcdPkiFile memberKey() {
        return new EtcdPkiFile(run, member, EtcdHostPaths.MEMBER_KEY, 0600, p -> p.member("n1").key());
    }
}
