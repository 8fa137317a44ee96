package org.gardenos.postgres.debug;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.gardenos.error.InputException;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.KubeconfigFetcher;
import org.gardenos.k3s.api.KubernetesClients;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.cluster.PostgresObjects;
import org.gardenos.postgres.patroni.ClusterHealth;
import org.gardenos.postgres.render.PostgresManifests;
import org.gardenos.postgres.settings.PostgresSettings;
import org.gardenos.state.StateDir;

/**
 * {@code gardenos postgres debug}: one zip archive (mode 0600, in the state directory's {@code debug/}) with what the
 * journal's debug script gathered: the namespace's pods, events, claims and StatefulSet, the cluster's StorageClasses
 * and nodes, Patroni's {@code /cluster} view, each member's log (last 500 lines), and the rendered configuration with
 * every Secret value redacted. Secrets are never read from the cluster; the rendering uses placeholders, so the
 * archive cannot hold a password even before redaction.
 */
public final class PostgresDebug {
    static final int LOG_LINES = 500;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Inventory inventory;
    private final StateDir state;
    private final EtcdClientCredentials etcd;
    private final Supplier<KubeCalls> calls;
    private final Clock clock;

    @Inject
    public PostgresDebug(Inventory inventory, StateDir state, EtcdClientCredentials etcd, KubernetesClients clients) {
        this(inventory, state, etcd, KubeCalls.fromState(clients, state),
                Clock.systemUTC());
    }

    public PostgresDebug(Inventory inventory, StateDir state, EtcdClientCredentials etcd, Supplier<KubeCalls> calls,
                         Clock clock) {
        this.inventory = inventory;
        this.state = state;
        this.etcd = etcd;
        this.calls = calls;
        this.clock = clock;
    }

    /** Writes the archive and returns its path. */
    public Path collect() {
        PostgresSettings pg = inventory.section(PostgresSettings.class);
        if (!pg.present()) {
            throw new InputException("the inventory has no postgres section (add 'postgres: {}' for the defaults)");
        }
        KubeCalls api = calls.get();
        String ns = "/api/v1/namespaces/" + pg.namespace();
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("pods.json", get(api, ns + "/pods"));
        entries.put("events.json", get(api, ns + "/events"));
        entries.put("persistentvolumeclaims.json", get(api, ns + "/persistentvolumeclaims"));
        entries.put("statefulset.json", get(api, "/apis/apps/v1/namespaces/" + pg.namespace() + "/statefulsets/" + pg.scope()));
        entries.put("services.json", get(api, ns + "/services"));
        entries.put("storageclasses.json", get(api, "/apis/storage.k8s.io/v1/storageclasses"));
        entries.put("persistentvolumes.json", get(api, "/api/v1/persistentvolumes"));
        entries.put("nodes.json", get(api, "/api/v1/nodes"));
        String view = "(no member answered)\n";
        for (String pod : ClusterHealth.members(pg)) {
            KubeCalls.Reply reply = api.get(ns + "/pods/" + pod + ":8008/proxy/cluster");
            if (reply.ok()) {
                view = reply.body();
                break;
            }
        }
        entries.put("patroni-cluster.json", view);
        for (String pod : ClusterHealth.members(pg)) {
            entries.put("logs/" + pod + ".log", get(api, ns + "/pods/" + pod + "/log?tailLines=" + LOG_LINES));
        }
        entries.put("rendered.yaml", PostgresManifests.render(PostgresObjects.cluster(inventory, etcd), new PlaceholderSecrets())
                .redactedYaml());
        return write(entries);
    }

    private static String get(KubeCalls api, String path) {
        try {
            KubeCalls.Reply r = api.get(path);
            return r.ok() ? r.body() : "(HTTP " + r.code() + " for " + path + ")\n" + r.body();
        } catch (RuntimeException e) {
            return "(cannot read " + path + ": " + e.getMessage() + ")\n";
        }
    }

    private Path write(Map<String, String> entries) {
        try {
            Path dir = state.resolve("debug");
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path archive = dir.resolve("postgres-debug-" + STAMP.format(clock.instant()) + ".zip");
            Files.deleteIfExists(archive);
            Files.createFile(archive, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(archive, StandardOpenOption.TRUNCATE_EXISTING);
                 ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, String> e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry("postgres-debug/" + e.getKey()));
                    zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
            return archive;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the debug archive: " + e.getMessage(), e);
        }
    }
}
