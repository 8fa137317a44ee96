package org.gardenos.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.remote.ShellQuoting;
import org.gardenos.state.StateDir;

/**
 * Stops a run from making a new cluster secret (a CA, the K3s token, the stats password) while the hosts already
 * carry one: that happens with a wrong or empty {@code --state-dir}, and pushing the new secret breaks the running
 * cluster (members answer {@code bad_certificate}, K3s cannot decrypt its bootstrap data).
 *
 * <p>When {@code stateFile} is absent from the state dir, every host of the layer is asked once per run (one
 * {@code test -e} each, through the run's connector) whether it carries {@code remoteMarker}. If any does, or
 * cannot be asked, each host's {@link #resource()} fails its check with one message naming the hosts and the
 * state dir, before any other resource of the play changes anything. Create one guard per run (per
 * {@code Layer.plays} call): the verdict is cached.
 */
public final class NewSecretGuard {
    private final String what;
    private final String stateFile;
    private final String remoteMarker;
    private final String probe;
    private final List<HostSpec> hosts;
    private final RemoteHostConnector connector;
    private Optional<String> verdict;

    /**
     * @param what         the secret in words, e.g. {@code "etcd CA"}
     * @param stateFile    the state-dir relative file whose presence means the secret exists here
     * @param remoteMarker an absolute path on a host whose presence means the host already uses such a secret
     */
    public NewSecretGuard(String what, String stateFile, String remoteMarker, List<HostSpec> hosts,
                          RemoteHostConnector connector) {
        this(what, stateFile, remoteMarker, "test -e " + ShellQuoting.quote(remoteMarker), hosts, connector);
    }

    /**
     * A guard whose host test is a file holding {@code text} (a file every host has, e.g. Debian's own
     * haproxy.cfg, counts only when GardenOS wrote it).
     */
    public static NewSecretGuard fileContaining(String what, String stateFile, String path, String text,
                                                List<HostSpec> hosts, RemoteHostConnector connector) {
        return new NewSecretGuard(what, stateFile, path + " written by GardenOS", "grep -qsF -e "
                + ShellQuoting.quote(text) + " " + ShellQuoting.quote(path), hosts, connector);
    }

    private NewSecretGuard(String what, String stateFile, String remoteMarker, String probe, List<HostSpec> hosts,
                           RemoteHostConnector connector) {
        this.what = what;
        this.stateFile = stateFile;
        this.remoteMarker = remoteMarker;
        this.probe = probe;
        this.hosts = List.copyOf(hosts);
        this.connector = connector;
    }

    /** The resource to put first in each host's list: none when the secret is kept, else "would create". */
    public Resource resource() {
        return new Resource() {
            @Override
            public String name() {
                return "secret-origin:" + stateFile;
            }

            @Override
            public Change check(Target target) {
                if (target.state().read(stateFile).isPresent()) {
                    return Change.none();
                }
                refuseIfCarried(target.state());
                return Change.of(ChangeAction.CREATE, "would create a new " + what + " in "
                        + target.state().resolve(stateFile) + " (no host carries one yet)");
            }

            @Override
            public void apply(Target target, Change change) {
                // nothing to do here: the secret is made by the resources that need it, now that it is safe
            }
        };
    }

    /** Throws {@link GardenException} when a new secret must not be made; cached for the run. */
    public synchronized void refuseIfCarried(StateDir state) {
        if (state.read(stateFile).isPresent()) {
            return;
        }
        if (verdict == null) {
            verdict = decide(state);
        }
        if (verdict.isPresent()) {
            throw new GardenException(verdict.get());
        }
    }

    private Optional<String> decide(StateDir state) {
        List<String> carriers = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (HostSpec h : hosts) {
            try {
                CommandResult r = connector.connect(h).exec(probe);
                if (r.exitCode() == 0) {
                    carriers.add(h.name());
                } else if (r.exitCode() != 1 && r.exitCode() != 2) { // test: 1; grep -s: 1 no match, 2 no file
                    unknown.add(h.name() + " (exit " + r.exitCode() + ")");
                }
            } catch (RuntimeException e) {
                unknown.add(h.name() + " (" + e.getMessage() + ")");
            }
        }
        String hint = "; hint: pass --state-dir with the directory of the run that set this cluster up (default "
                + "~/.gardenos/CLUSTER), or restore it from a backup; nothing was changed";
        if (!carriers.isEmpty()) {
            return Optional.of("refusing to create a new " + what + ": " + String.join(", ", carriers)
                    + " already carr" + (carriers.size() == 1 ? "ies" : "y") + " one (" + remoteMarker + ") but "
                    + state.resolve(stateFile) + " does not exist, so this is not the state dir that set up this "
                    + "cluster" + hint);
        }
        if (!unknown.isEmpty()) {
            return Optional.of("refusing to create a new " + what + ": cannot tell whether " + String.join(", ",
                    unknown) + " already carr" + (unknown.size() == 1 ? "ies" : "y") + " one (" + remoteMarker
                    + ") and " + state.resolve(stateFile) + " does not exist" + hint);
        }
        return Optional.empty();
    }
}
