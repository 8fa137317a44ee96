package org.gardenos.k3s;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;

/**
 * Keeps the state directory's kubeconfig ({@value KubeconfigFetcher#STATE_FILE}, 0600) equal to the first server's
 * {@code k3s.yaml}, pointed at the load balancer. Runs on the first server once its API is ready.
 */
final class KubeconfigInState implements Resource {
    @Override
    public String name() {
        return "state:" + KubeconfigFetcher.STATE_FILE;
    }

    @Override
    public Change check(Target target) {
        var remote = target.remote().read(K3sPaths.KUBECONFIG);
        if (remote.isEmpty()) {
            return Change.of(ChangeAction.FETCH, K3sPaths.KUBECONFIG + " is not there yet");
        }
        String wanted = Kubeconfig.rewrite(new String(remote.get(), StandardCharsets.UTF_8),
                target.inventory().cluster(), ApiEndpoint.of(target.inventory()),
                target.host().name() + ":" + K3sPaths.KUBECONFIG);
        var kept = target.state().read(KubeconfigFetcher.STATE_FILE);
        if (kept.isPresent() && Arrays.equals(kept.get(), wanted.getBytes(StandardCharsets.UTF_8))) {
            return Change.none();
        }
        return Change.of(kept.isPresent() ? ChangeAction.UPDATE : ChangeAction.FETCH, "kubeconfig for cluster " + target.inventory().cluster());
    }

    @Override
    public void apply(Target target, Change change) {
        KubeconfigFetcher.fetch(target.remote(), target.inventory(), target.state());
    }
}
