package org.gardenos.k3s;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gardenos.error.GardenException;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.remote.Printable;
import org.gardenos.secret.GeneratedSecret;
import org.gardenos.state.StateDir;

/**
 * A full ("secure") K3s token, {@code K10<sha256 of the cluster CA>::<user>:<password>}, as K3s writes it on a
 * server ({@code /var/lib/rancher/k3s/server/token}, {@code .../agent-token}). A node joining with it checks the
 * server's CA against the hash before it sends the password; a short token trusts whatever CA the server shows
 * (docs.k3s.io, "k3s token"). Read from a host, so untrusted: bounded, one exact form, and the password must be
 * the one in the state directory (else the server runs with another token than GardenOS gave it).
 */
public record JoinToken(String value) {
    /** {@code server}: the server token (joins servers); {@code node}: the agent token (joins agents). */
    public enum Kind {
        SERVER("server", "/var/lib/rancher/k3s/server/token", "k3s/join-token"),
        AGENT("node", "/var/lib/rancher/k3s/server/agent-token", "k3s/agent-join-token");

        final String user;
        public final String hostPath;
        public final String stateFile;

        Kind(String user, String hostPath, String stateFile) {
            this.user = user;
            this.hostPath = hostPath;
            this.stateFile = stateFile;
        }
    }

    static final int MAX_BYTES = 512;
    private static final Pattern FORM = Pattern.compile("K10([0-9a-f]{64})::([a-z]+):([A-Za-z0-9]+)");

    /**
     * The token read from {@code host}'s {@code kind.hostPath}, checked: at most {@value #MAX_BYTES} bytes, the K10
     * form with {@code kind}'s user, and {@code password} (the state dir's) as its password.
     */
    public static JoinToken parse(byte[] raw, Kind kind, String password, String host) {
        String where = host + ":" + kind.hostPath;
        Matcher m = form(raw, kind, where);
        if (!java.security.MessageDigest.isEqual(m.group(3).getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8))) {
            throw new GardenException(where + ": K3s runs with another " + (kind == Kind.SERVER ? "server" : "agent")
                    + " token than the state directory's; hint: this state dir did not set the cluster up, or the"
                    + " token was changed on the host by hand (" + Printable.of(host) + ")");
        }
        SecretRedactor.global().register(m.group());
        return new JoinToken(m.group());
    }

    /**
     * The server token {@code host} wrote after {@code k3s token rotate}: the K10 form, the same cluster CA hash as
     * {@code before} (a rotation changes the password, never the CA) and a password other than {@code before}'s.
     */
    public static JoinToken parseRotated(byte[] raw, JoinToken before, String host) {
        String where = host + ":" + Kind.SERVER.hostPath;
        Matcher m = form(raw, Kind.SERVER, where);
        SecretRedactor.global().register(m.group(3));
        SecretRedactor.global().register(m.group());
        if (!m.group(1).equals(before.caHash())) {
            throw new GardenException(where + ": the cluster CA hash changed with the token rotation; refused");
        }
        if (m.group(3).equals(before.password())) {
            throw new GardenException(where + ": still holds the old server token after `k3s token rotate`");
        }
        if (m.group(3).length() < GeneratedSecret.MIN_LENGTH) {
            throw new GardenException(where + ": the new server token is shorter than " + GeneratedSecret.MIN_LENGTH
                    + " characters; refused");
        }
        return new JoinToken(m.group());
    }

    /** Bounded, one exact form with {@code kind}'s user; never echoes the content (it may be a credential). */
    private static Matcher form(byte[] raw, Kind kind, String where) {
        if (raw.length > MAX_BYTES) {
            throw new GardenException(where + ": " + raw.length + " bytes; a K3s token is at most " + MAX_BYTES
                    + " (refused, not read further)");
        }
        Matcher m = FORM.matcher(new String(raw, StandardCharsets.UTF_8).strip());
        if (!m.matches() || !m.group(2).equals(kind.user)) {
            throw new GardenException(where + ": not a K3s full token (K10<64 hex>::" + kind.user
                    + ":<password>); refused");
        }
        return m;
    }

    /** The password: what K3s calls the short token. */
    public String password() {
        return value.substring(value.lastIndexOf(':') + 1);
    }

    /** The SHA-256 of the cluster CA this token pins. */
    String caHash() {
        return value.substring(3, 67);
    }

    /** The token kept in the state dir by the first server's play; missing only if that play has not run. */
    public static JoinToken load(StateDir state, Kind kind) {
        String text = state.read(kind.stateFile).map(b -> new String(b, StandardCharsets.UTF_8).strip())
                .orElseThrow(() -> new GardenException(state.resolve(kind.stateFile) + " does not exist: the first"
                        + " K3s server's token has not been read yet (the k3s-first-server play runs first)"));
        if (!FORM.matcher(text).matches()) {
            throw new GardenException(state.resolve(kind.stateFile) + ": not a K3s full token; delete it and apply"
                    + " again to read it from the first server");
        }
        SecretRedactor.global().register(text);
        return new JoinToken(text);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "JoinToken[K10...]";
    }
}
