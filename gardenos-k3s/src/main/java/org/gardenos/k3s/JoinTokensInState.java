package org.gardenos.k3s;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.error.GardenException;

/**
 * Keeps the full server and agent tokens ({@link JoinToken}) in the state directory (0600), read from the first
 * server once its API is ready. The other servers and the agents join with them ({@link K3sEnvFile}).
 */
final class JoinTokensInState implements Resource {
    @Override
    public String name() {
        return "state:" + JoinToken.Kind.SERVER.stateFile + "," + JoinToken.Kind.AGENT.stateFile;
    }

    @Override
    public Change check(Target target) {
        List<String> stale = new ArrayList<>();
        for (JoinToken.Kind kind : JoinToken.Kind.values()) {
            // plan on a new cluster: no token kept yet (plan makes none) or K3s has not written its file yet
            if (target.state().read(passwordFile(kind)).isEmpty() || target.remote().read(kind.hostPath).isEmpty()) {
                stale.add(kind.stateFile);
                continue;
            }
            byte[] wanted = (read(target, kind).value() + "\n").getBytes(StandardCharsets.UTF_8);
            if (!target.state().read(kind.stateFile).map(kept -> Arrays.equals(kept, wanted)).orElse(false)) {
                stale.add(kind.stateFile);
            }
        }
        return stale.isEmpty() ? Change.none()
                : Change.of(ChangeAction.FETCH, "full join tokens (K10, pinning the cluster CA) into " + stale);
    }

    @Override
    public void apply(Target target, Change change) {
        for (JoinToken.Kind kind : JoinToken.Kind.values()) {
            target.state().writeSecret(kind.stateFile,
                    (read(target, kind).value() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String passwordFile(JoinToken.Kind kind) {
        return kind == JoinToken.Kind.SERVER ? ClusterToken.STATE_FILE : AgentToken.STATE_FILE;
    }

    private static JoinToken read(Target target, JoinToken.Kind kind) {
        String password = kind == JoinToken.Kind.SERVER ? ClusterToken.loadOrCreate(target.state())
                : AgentToken.loadOrCreate(target.state());
        byte[] raw = target.remote().read(kind.hostPath).orElseThrow(() -> new GardenException(
                target.host().name() + ":" + kind.hostPath + " does not exist although K3s is ready there"));
        return JoinToken.parse(raw, kind, password, target.host().name());
    }
}
