package org.gardenos.etcd;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.etcd.access.EtcdAccessClient;
import org.gardenos.etcd.access.EtcdAccessPolicy;
import org.gardenos.etcd.access.EtcdPasswords;
import org.gardenos.etcd.access.GrpcAuthReads;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.status.EtcdStatusProbe;
import org.gardenos.etcd.pki.EtcdPki;

/**
 * The layer's access step (issue 9 item 3): etcd's users and roles converged to {@link EtcdAccessPolicy}, then
 * {@code auth enable}. Runs on one host once the cluster is healthy. Users and roles come first, so a K3s or Patroni
 * already running keeps its access at the moment auth turns on; none of it restarts a member, so quorum is never
 * at stake. TLS only: without client certificates etcd could tell the clients apart only by password.
 */
final class EtcdAccessControl implements Resource {
    private final EtcdRun run;

    EtcdAccessControl(EtcdRun run) {
        this.run = run;
    }

    @Override
    public String name() {
        return "etcd:access";
    }

    @Override
    public Change check(Target t) {
        Optional<EtcdPki> pki = run.existingPki(t.state());
        if (pki.isEmpty()) {
            return Change.of(ChangeAction.CREATE, "users " + String.join(", ", EtcdAccessPolicy.USERS.keySet())
                    + ", roles k3s and patroni, " + String.join(", ", EtcdAccessPolicy.PASSWORD_USERS.stream().sorted()
                    .map(u -> u + "'s password").toList()) + ", auth enable");
        }
        // read over the run's shared channels (the k3s identity's too): no jetcd client, TLS context or handshake
        // of its own (issue 13); the same reads as the apply's jetcd client (EtcdAccessOnRealEtcdTest)
        EtcdConnection gardenos = run.connection(t.state());
        EtcdConnection k3s = EtcdAccessClient.asK3s(gardenos, pki.get());
        // (the k3s channels connect lazily: only the one to the member asked connects)
        List<EtcdAccessPolicy.Step> steps = EtcdAccessPolicy.steps(run.overChannels(gardenos, admin ->
                run.overChannels(k3s, asK3s -> GrpcAuthReads.observe(admin, asK3s::channel, gardenos,
                        new EtcdPasswords(t.state()), EtcdStatusProbe.CLIENT_START))));
        if (steps.isEmpty()) {
            return Change.none();
        }
        return Change.of(ChangeAction.UPDATE, steps.stream().map(EtcdAccessPolicy.Step::describe)
                .collect(Collectors.joining("; ")));
    }

    @Override
    public void apply(Target t, Change change) {
        EtcdPki pki = run.existingPki(t.state()).orElseThrow(() -> new IllegalStateException(
                "etcd PKI missing in " + t.state().root()));
        EtcdAccessClient.with(run.clients(), run.connection(t.state()), pki, c -> {
            c.apply(c.pending());
            return null;
        });
    }
}
