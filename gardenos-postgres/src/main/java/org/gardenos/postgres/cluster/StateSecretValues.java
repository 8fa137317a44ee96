package org.gardenos.postgres.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import org.gardenos.inventory.Inventory;
import org.gardenos.logging.SecretRedactor;
import org.gardenos.pki.CertificateAuthority;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.postgres.model.ClusterContext;
import org.gardenos.postgres.model.SecretValues;
import org.gardenos.postgres.settings.PostgresSettings;
import org.gardenos.secret.GeneratedSecret;
import org.gardenos.state.StateDir;

/**
 * The postgres layer's secrets, kept in the state directory: each password generated once ({@link GeneratedSecret},
 * 0600, reused on every later run) and registered with the {@link SecretRedactor} before anything could log it; the
 * etcd client identity {@code patroni} from {@link EtcdClientCredentials}; PostgreSQL's server certificate issued by
 * a CA of its own under {@code postgres/pki} (the key 0600).
 */
public final class StateSecretValues implements SecretValues {
    public static final int PASSWORD_LENGTH = 32;
    public static final String ETCD_CLIENT = ClusterContext.ETCD_CLIENT;
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final StateDir state;
    private final Inventory inventory;
    private final EtcdClientCredentials etcd;
    private final SecretRedactor redactor;

    public StateSecretValues(StateDir state, Inventory inventory, EtcdClientCredentials etcd, SecretRedactor redactor) {
        this.state = state;
        this.inventory = inventory;
        this.etcd = etcd;
        this.redactor = redactor;
    }

    /** Where a Secret's password is kept, relative to the state directory. */
    public static String passwordFile(PostgresSettings pg, String secretName) {
        return "postgres/" + pg.namespace() + "/" + secretName + ".password";
    }

    @Override
    public String password(String secretName) {
        String value = GeneratedSecret.loadOrCreate(state, passwordFile(settings(), secretName), PASSWORD_LENGTH);
        redactor.register(value);
        return value;
    }

    @Override
    public Pem etcdClient() {
        if (!etcd.tls(inventory)) {
            return new Pem("", "", "");
        }
        EtcdClientCredentials.ClientFiles files = etcd.client(state, inventory, ETCD_CLIENT);
        return new Pem(read(files.caCert()), read(files.cert()), read(files.key()));
    }

    /** Read from the etcd layer's kept password (never made here: apply etcd generates it and sets it in etcd). */
    @Override
    public String etcdPassword() {
        String value = etcd.login(state, inventory, ETCD_CLIENT).orElseThrow(() -> new IllegalStateException(
                "the etcd client '" + ETCD_CLIENT + "' has no password login")).password();
        redactor.register(value);
        return value;
    }

    @Override
    public Pem serverCertificate() {
        PostgresSettings pg = settings();
        String root = "postgres/pki";
        CertificateAuthority ca = CertificateAuthority.ensure(state, root, "gardenos-postgres-ca", VALIDITY,
                new ArrayList<>());
        String base = root + "/" + pg.namespace() + "-" + pg.scope() + "-server";
        if (ca.current(base).isEmpty()) {
            String svc = pg.scope() + "." + pg.namespace() + ".svc";
            ca.issue(base, pg.scope(), "gardenos", Set.of("DNS:" + pg.scope() + "-primary." + pg.namespace() + ".svc",
                    "DNS:" + pg.scope() + "-replica." + pg.namespace() + ".svc", "DNS:*." + pg.scope() + "-members."
                            + pg.namespace() + ".svc", "DNS:" + svc, "DNS:localhost", "IP:127.0.0.1"), true, VALIDITY);
        }
        return new Pem(read(state.resolve(root + "/ca.crt")), read(state.resolve(base + ".crt")),
                read(state.resolve(base + ".key")));
    }

    private PostgresSettings settings() {
        return inventory.section(PostgresSettings.class);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
