package org.gardenos.etcd.access;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.auth.Permission;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Optional;
import java.util.function.Function;
import org.gardenos.error.GardenException;
import org.gardenos.etcd.client.EtcdClients;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.access.EtcdAccessPolicy.Observed;
import org.gardenos.etcd.access.EtcdAccessPolicy.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads etcd's users, roles and auth switch and applies {@link EtcdAccessPolicy} steps, through jetcd. The admin
 * client is GardenOS's ({@code gardenos}, root once auth is on); whether auth is on is asked with a client that is
 * not root ({@code k3s}): etcd 3.4 has no AuthStatus call, and "may a non-root client list users?" is the very
 * property that matters.
 */
public final class EtcdAccessClient {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdAccessClient.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Client admin;
    private final Client nonRoot;
    private final Duration timeout;
    private final EtcdPasswords passwords;

    public EtcdAccessClient(Client admin, Client nonRoot, Duration timeout, EtcdPasswords passwords) {
        this.admin = admin;
        this.nonRoot = nonRoot;
        this.timeout = timeout;
        this.passwords = passwords;
    }

    /**
     * Runs {@code work} with an access client over {@code gardenos} (GardenOS's connection) and the same endpoints
     * with the {@code k3s} certificate of {@code pki}; both jetcd clients are closed afterwards.
     */
    public static <T> T with(EtcdConnection gardenos, EtcdPki pki, Function<EtcdAccessClient, T> work) {
        try (EtcdClients clients = new EtcdClients()) {
            return with(clients, gardenos, pki, work);
        }
    }

    /** As above with the TLS contexts of {@code clients} (a run's, see {@link EtcdClients}). */
    public static <T> T with(EtcdClients clients, EtcdConnection gardenos, EtcdPki pki,
                             Function<EtcdAccessClient, T> work) {
        try (Client admin = clients.open(gardenos); Client probe = clients.open(asK3s(gardenos, pki))) {
            return work.apply(new EtcdAccessClient(admin, probe, gardenos.timeout(), new EtcdPasswords(pki.state())));
        }
    }

    /** {@code gardenos}'s endpoints and timeout with the {@code k3s} client certificate of {@code pki}. */
    public static EtcdConnection asK3s(EtcdConnection gardenos, EtcdPki pki) {
        EtcdPki.CertFiles k3s = pki.client("k3s");
        return new EtcdConnection(gardenos.endpoints(), Optional.of(
                new EtcdConnection.ClientTls(pki.caCert(), k3s.cert(), k3s.key())), gardenos.timeout());
    }

    /** The steps still needed to reach {@link EtcdAccessPolicy} (empty when the cluster follows it). */
    public List<Step> pending() {
        return EtcdAccessPolicy.steps(read());
    }

    public Observed read() {
        Auth auth = admin.getAuthClient();
        return AuthReads.observe(new AuthReads() {
            @Override
            public boolean authEnabled() {
                return EtcdAccessClient.this.authEnabled();
            }

            @Override
            public List<String> users() {
                return call("user list", auth.userList()).getUsers();
            }

            @Override
            public List<String> rolesOf(String user) {
                return call("user get " + user, auth.userGet(bytes(user))).getRoles();
            }

            @Override
            public List<String> roles() {
                return call("role list", auth.roleList()).getRoles();
            }

            @Override
            public List<AuthReads.Perm> permissions(String role) {
                return call("role get " + role, auth.roleGet(bytes(role))).getPermissions().stream()
                        .map(p -> new AuthReads.Perm(text(p.getKey()), text(p.getRangeEnd()),
                                p.getPermType() == Permission.Type.READWRITE)).toList();
            }
        }, passwords);
    }

    /**
     * Runs {@code steps} in order (see {@link EtcdAccessPolicy#steps}); each is logged, never a password. A password
     * is generated here when none is kept, and recorded as set only once etcd accepted it.
     */
    public void apply(List<Step> steps) {
        Auth auth = admin.getAuthClient();
        for (Step s : steps) {
            LOG.info("etcd access: {}", s.describe());
            if (s instanceof EtcdAccessPolicy.SetPassword p) {
                String value = passwords.ensure(p.user());
                call(s.describe(), auth.userChangePassword(bytes(p.user()), bytes(value)));
                passwords.recordSet(p.user(), value);
            } else {
                call(s.describe(), send(auth, s));
            }
        }
    }

    private static CompletableFuture<?> send(Auth auth, Step s) {
        if (s instanceof EtcdAccessPolicy.AddRole r) {
            return auth.roleAdd(bytes(r.role()));
        } else if (s instanceof EtcdAccessPolicy.GrantPermission g) {
            return auth.roleGrantPermission(bytes(g.role()), bytes(g.grant().key()), bytes(g.grant().rangeEnd()),
                    Permission.Type.READWRITE);
        } else if (s instanceof EtcdAccessPolicy.RevokePermission g) {
            return auth.roleRevokePermission(bytes(g.role()), bytes(g.grant().key()), bytes(g.grant().rangeEnd()));
        } else if (s instanceof EtcdAccessPolicy.AddUser u) {
            // random and kept nowhere: certificate users never log in by password; a password user gets its kept
            // password from the SetPassword step that follows
            return auth.userAdd(bytes(u.user()), randomPassword());
        } else if (s instanceof EtcdAccessPolicy.GrantRole g) {
            return auth.userGrantRole(bytes(g.user()), bytes(g.role()));
        } else if (s instanceof EtcdAccessPolicy.RevokeRole g) {
            return auth.userRevokeRole(bytes(g.user()), bytes(g.role()));
        }
        return auth.authEnable();
    }

    private boolean authEnabled() {
        try {
            nonRoot.getAuthClient().userList().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (ExecutionException e) {
            String m = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            if (m.contains("permission denied") || m.contains("user name not found")) {
                return true;
            }
            throw new GardenException("etcd: cannot tell whether auth is on: " + m, e);
        } catch (TimeoutException e) {
            throw new GardenException("etcd: cannot tell whether auth is on: no answer in " + timeout.toSeconds()
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GardenException("etcd: interrupted", e);
        }
    }

    private <T> T call(String what, CompletableFuture<T> f) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            String m = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            String hint = m.contains("permission denied")
                    ? "; hint: etcd auth is on and the gardenos client certificate's user is not root" : "";
            throw new GardenException("etcd: " + what + " failed: " + m + hint, e);
        } catch (TimeoutException e) {
            throw new GardenException("etcd: " + what + " got no answer in " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GardenException("etcd: " + what + " interrupted", e);
        }
    }

    private static ByteSequence randomPassword() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return ByteSequence.from(Base64.getEncoder().encode(b));
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String text(ByteSequence b) {
        return new String(b.getBytes(), StandardCharsets.ISO_8859_1);
    }
}
