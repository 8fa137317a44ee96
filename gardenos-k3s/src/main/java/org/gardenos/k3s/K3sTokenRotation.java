package org.gardenos.k3s;

import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;
import org.gardenos.engine.HostLocks;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.k3s.settings.K3sSettings;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.remote.ShellQuoting;
import org.gardenos.state.StateDir;
import org.gardenos.state.StateDirLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates the K3s server token ({@code gardenos k3s rotate-token}), the way K3s documents it (docs.k3s.io, "k3s
 * token rotate"): {@code k3s token rotate} on the first server re-encrypts K3s's bootstrap data in the datastore with a
 * new token, after which every server must restart with it. The next {@code apply k3s} does that: the first server's
 * environment file and the others' full tokens change, so they restart one at a time as for any change.
 *
 * <p>No token reaches a process argument: K3s reads the current token from its own data directory
 * ({@code /var/lib/rancher/k3s/server/token}) when none is given, and {@code --new-token} exists only as an argument,
 * so GardenOS leaves it out and K3s generates the new token (16 bytes of {@code crypto/rand}, as hex). GardenOS reads
 * it back from that file (bounded, the K10 form, the same cluster CA, a new password) and keeps it 0600 in the state
 * directory. The agent token is separate ({@code agent-token}), so K3s leaves it, and the agents, alone.
 */
public final class K3sTokenRotation {
    /** The token before each rotation: a snapshot taken before it needs it for a restore (K3s's own warning). */
    public static final String PREVIOUS_FILE_PREFIX = "k3s/token.before-";
    private static final Logger LOG = LoggerFactory.getLogger(K3sTokenRotation.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Inventory inventory;
    private final StateDir state;
    private final RemoteHostConnector connector;

    /** What a rotation did: the server it ran on and the state files of the new and the old token. */
    public record Rotated(String server, Path tokenFile, Path previousTokenFile) {
    }

    @Inject
    public K3sTokenRotation(Inventory inventory, StateDir state, RemoteHostConnector connector) {
        this.inventory = inventory;
        this.state = state;
        this.connector = connector;
    }

    /**
     * Rotates the server token on the first server and keeps the new one; changes no other host.
     *
     * @throws InputException when the inventory has no server
     * @throws GardenException when this state dir keeps no token, the first server runs with another one (a wrong
     *         state dir), or {@code k3s token rotate} fails (host, command, stderr)
     */
    public Rotated rotateServerToken() {
        checkRotatable(inventory, state.root());
        HostSpec first = inventory.hostsWith(K3sSection.SERVER).get(0);
        try (StateDirLock lock = StateDirLock.acquire(state, "k3s rotate-token");
             HostLocks hostLock = HostLocks.holding(List.of(first), connector)) {
            String old = ClusterToken.loadOrCreate(state);
            RemoteHost host = connector.connect(first);
            // the first server must run with this state dir's token: else this is not the state dir of the cluster
            JoinToken before = JoinToken.parse(readServerToken(host), JoinToken.Kind.SERVER, old, first.name());
            LOG.info("k3s rotate-token: running `k3s token rotate` on {}", first.name());
            host.exec(rotateCommand()).requireOk();
            return keep(host, before, old);
        }
    }

    /**
     * Replaces the agent token kept in the state dir with a new generated one (0600) and drops its full form, so the
     * next {@code apply k3s} restarts the servers with the new {@code K3S_AGENT_TOKEN} (K3s: "changing the CLI
     * option or environment variable on all servers"), reads the new full agent token from the first server and
     * restarts the agents with it. Changes no host. Refused when this state dir keeps no agent token.
     *
     * @return the state file of the new agent token
     */
    public Path rotateAgentToken() {
        checkRotatable(inventory, state.root());
        try (StateDirLock lock = StateDirLock.acquire(state, "k3s rotate-token --agent")) {
            if (state.read(AgentToken.STATE_FILE).isEmpty()) {
                throw new GardenException(state.resolve(AgentToken.STATE_FILE) + " does not exist: the k3s layer has"
                        + " not been applied with this state directory");
            }
            String value = org.gardenos.secret.GeneratedSecret.generate(AgentToken.LENGTH);
            SecretRedactor.global().register(value);
            Path file = state.writeSecret(AgentToken.STATE_FILE, utf8(value + "\n"));
            Files.deleteIfExists(state.resolve(JoinToken.Kind.AGENT.stateFile));
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot remove " + state.resolve(JoinToken.Kind.AGENT.stateFile)
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The checks {@link #rotateServerToken()} makes first, for callers that must make them before opening the state
     * directory (opening creates it): an inventory with a server ({@link InputException}) and a token kept in
     * {@code stateDir} ({@link GardenException}: a wrong state dir must not "rotate" anything).
     */
    public static void checkRotatable(Inventory inventory, Path stateDir) {
        if (inventory.hostsWith(K3sSection.SERVER).isEmpty()) {
            throw new InputException(inventory.file() + ": no host has the role 'server', so there is no K3s token"
                    + " to rotate");
        }
        if (!Files.isRegularFile(stateDir.resolve(ClusterToken.STATE_FILE))) {
            throw new GardenException(stateDir.resolve(ClusterToken.STATE_FILE) + " does not exist: the k3s layer"
                    + " has not been applied with this state directory; hint: pass the --state-dir of the run that"
                    + " set this cluster up");
        }
    }

    private Rotated keep(RemoteHost host, JoinToken before, String old) {
        try {
            JoinToken after = JoinToken.parseRotated(readServerToken(host), before, host.name());
            Path previous = state.writeSecret(PREVIOUS_FILE_PREFIX + STAMP.format(Instant.now()),
                    utf8(old + "\n"));
            Path tokenFile = state.writeSecret(ClusterToken.STATE_FILE, utf8(after.password() + "\n"));
            state.writeSecret(JoinToken.Kind.SERVER.stateFile, utf8(after.value() + "\n"));
            SecretRedactor.global().register(after.password());
            return new Rotated(host.name(), tokenFile, previous);
        } catch (RuntimeException e) {
            throw new GardenException(host.name() + ": K3s now runs with a new server token (in "
                    + JoinToken.Kind.SERVER.hostPath + " there) but GardenOS could not keep it: " + e.getMessage()
                    + "; hint: put the part after '::server:' of that file into " + state.resolve(ClusterToken.STATE_FILE)
                    + " (mode 0600), delete " + state.resolve(JoinToken.Kind.SERVER.stateFile)
                    + " and run 'gardenos apply k3s'", e);
        }
    }

    /** {@code --server}: the first server's own API port on loopback (7443 where it shares a host with HAProxy). */
    private String rotateCommand() {
        int port = inventory.section(K3sSettings.class).serverApiPort();
        return ShellQuoting.join(K3sPaths.BINARY, "token", "rotate", "--server", "https://127.0.0.1:" + port);
    }

    private static byte[] readServerToken(RemoteHost host) {
        return host.read(JoinToken.Kind.SERVER.hostPath).orElseThrow(() -> new GardenException(host.name() + ": "
                + JoinToken.Kind.SERVER.hostPath + " does not exist; K3s has not started on this server yet"));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
