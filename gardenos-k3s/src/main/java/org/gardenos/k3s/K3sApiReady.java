package org.gardenos.k3s;

import java.time.Duration;
import org.gardenos.engine.ChangeAction;
import org.gardenos.error.GardenException;
import org.gardenos.engine.Change;
import org.gardenos.engine.Poll;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.remote.CommandResult;

/**
 * Waits until the server's API answers {@code /readyz} with {@code ok} (asked on the host with
 * {@code k3s kubectl get --raw=/readyz}, which uses the admin kubeconfig there). This is what makes the first
 * server "healthy before the others start": the next play begins only after this resource is done.
 */
final class K3sApiReady implements Resource {
    static final String COMMAND = K3sPaths.BINARY + " kubectl get --raw=/readyz";

    private final Duration timeout;
    private final Duration interval;

    K3sApiReady(Duration timeout, Duration interval) {
        this.timeout = timeout;
        this.interval = interval;
    }

    @Override
    public String name() {
        return "k3s-api-ready";
    }

    private static boolean ready(CommandResult r) {
        return r.ok() && r.stdout().strip().equals("ok");
    }

    @Override
    public Change check(Target target) {
        CommandResult r = target.remote().exec(COMMAND);
        return ready(r) ? Change.none() : Change.of(ChangeAction.WAIT, "the K3s API on " + target.host().name() + " is not ready");
    }

    @Override
    public void apply(Target target, Change change) {
        Poll.until("the K3s API", timeout, interval, () -> target.remote().exec(COMMAND), K3sApiReady::ready, last -> {
            String why = (last.stderr().isBlank() ? last.stdout() : last.stderr()).strip()
                    .replaceAll("\\s*\\n\\s*", " | ");
            return new GardenException(target.host().name() + ": the K3s API is not ready after "
                    + timeout.toSeconds() + " s: `" + COMMAND + "` exited " + last.exitCode()
                    + (why.isEmpty() ? "" : ": " + why) + "; see journalctl -u " + K3sPaths.UNIT_NAME);
        });
    }
}
