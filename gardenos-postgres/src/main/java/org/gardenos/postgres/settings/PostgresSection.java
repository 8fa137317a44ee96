package org.gardenos.postgres.settings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gardenos.inventory.Formats;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.InvalidValueException;
import org.gardenos.inventory.InventorySection;
import org.gardenos.inventory.KeyPath;
import org.gardenos.inventory.LocalPaths;
import org.gardenos.inventory.PortUse;
import org.gardenos.inventory.Problems;
import org.gardenos.inventory.Section;
import org.gardenos.inventory.Topology;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.k3s.settings.K3sSettings;
import org.gardenos.lb.settings.LoadBalancerSection;

/**
 * The {@code postgres:} section, read with core's {@link Section} getters, so its errors look like every other
 * section's ({@code FILE:LINE:COL: postgres.replicas: ...}, all collected, "did you mean" hints). It declares no
 * role: the cluster runs on the K3s nodes and its HAProxy route on the lb hosts. Rules across sections:
 * {@link #resolve} fills {@code allowedNetworks} from the K3s pod and service networks when the key is absent,
 * {@link #ports} puts the primary/replica ports on the lb hosts (core refuses a clash with HAProxy's API or stats
 * port) and the NodePorts on the K3s nodes, {@link #check} warns when a written list leaves out the pod network.
 */
public final class PostgresSection implements InventorySection<PostgresSettings> {
    public static final String KEY = "postgres";
    public static final String DEFAULT_NAMESPACE = "postgres-cluster";
    public static final String DEFAULT_SCOPE = "postgres";
    public static final int DEFAULT_REPLICAS = 3;
    /** Verified on the registry's page github.com/orgs/zalando/packages/container/package/spilo-16 (docs/postgres.md). */
    public static final String DEFAULT_SPILO_IMAGE = "ghcr.io/zalando/spilo-16:3.2-p3";
    public static final int DEFAULT_SPILO_POSTGRES_VERSION = 16;
    /** Debian 12's postgresql-15, which the tests' Patroni image is built from. */
    public static final int DEFAULT_PATRONI_POSTGRES_VERSION = 15;
    public static final String DEFAULT_VOLUME_SIZE = "10Gi";
    /** Patroni's own default maximum_lag_on_failover (1 MB). */
    public static final long DEFAULT_MAX_LAG_BYTES = 1_048_576;
    public static final int MIN_NODE_PORT = 30000;
    public static final int MAX_NODE_PORT = 32767;
    static final int MIN_POSTGRES_VERSION = 13;
    static final int MAX_POSTGRES_VERSION = 17;

    static final KeyPath POSTGRES = KeyPath.ROOT.key(KEY);
    static final KeyPath ALLOWED_NETWORKS = POSTGRES.key("allowedNetworks");

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<PostgresSettings> type() {
        return PostgresSettings.class;
    }

    @Override
    public Set<String> reads() {
        return Set.of(K3sSection.KEY, LoadBalancerSection.KEY);
    }

    /** An absent {@code allowedNetworks} reads as an empty list here; {@link #resolve} puts the K3s networks in. */
    @Override
    public PostgresSettings parse(Section pg, LocalPaths paths) {
        String namespace = pg.string("namespace", DEFAULT_NAMESPACE, Formats::dnsLabel);
        String scope = pg.string("scope", DEFAULT_SCOPE, PostgresSection::scope);
        int replicas = PostgresValues.integer(pg, "replicas", DEFAULT_REPLICAS, 1, 16);
        Flavor flavor = pg.string("flavor", Flavor.SPILO.yamlName(), PostgresFormats::flavor);
        String image = image(pg, flavor);
        int version = PostgresValues.integer(pg, "postgresVersion", flavor == Flavor.SPILO
                ? DEFAULT_SPILO_POSTGRES_VERSION : DEFAULT_PATRONI_POSTGRES_VERSION,
                MIN_POSTGRES_VERSION, MAX_POSTGRES_VERSION);
        PostgresSettings.Volume volume = volume(pg.section("volume"));
        PostgresSettings.Resources resources = PostgresValues.resources(pg.section("resources"));
        Map<String, String> parameters = PostgresValues.parameters(pg);
        List<String> networks = PostgresValues.networks(pg);
        List<PostgresSettings.User> users = PostgresValues.users(pg);
        List<PostgresSettings.Database> databases = PostgresValues.databases(pg, users);
        PostgresSettings.Ports ports = ports(pg.section("ports"));
        PostgresSettings.NodePorts nodePorts = nodePorts(pg.section("nodePorts"));
        List<PostgresSettings.Node> nodes = PostgresValues.nodes(pg);
        long maxLag = PostgresValues.integer(pg, "maxLagBytes", DEFAULT_MAX_LAG_BYTES, 0, 1L << 40);
        PostgresSettings.Timing timing = timing(pg.section("patroni"));
        String leaderLabel = pg.string("leaderLabel", flavor == Flavor.SPILO ? "master" : "primary",
                PostgresFormats::leaderLabel);
        pg.finish();
        if (replicas < 3 || replicas % 2 == 0) {
            pg.problems().warn(pg.pathOf("replicas"), replicas == 1
                    ? "1 member has no replica to fail over to"
                    : replicas + " members: an odd number of at least 3 is the usual choice (Patroni needs only one"
                    + " healthy replica to fail over, but every member costs a full copy of the data)");
        }
        return new PostgresSettings(namespace, scope, replicas, flavor, image, version, volume, resources, parameters,
                networks, users, databases, ports, nodePorts, nodes, maxLag, timing, leaderLabel, pg.problems().isWritten(POSTGRES));
    }

    @Override
    public PostgresSettings resolve(PostgresSettings pg, Topology topology) {
        if (!pg.allowedNetworks().isEmpty()) {
            return pg;
        }
        return topology.settings(K3sSettings.class)
                .map(k3s -> pg.withAllowedNetworks(List.of(k3s.clusterCidr(), k3s.serviceCidr())))
                .orElse(pg);
    }

    /** HAProxy binds the two client ports on every lb host; kube-proxy the four NodePorts on every K3s node. */
    @Override
    public List<PortUse> ports(HostSpec host, PostgresSettings pg) {
        List<PortUse> uses = new ArrayList<>();
        if (!pg.present()) {
            return uses;
        }
        if (host.has(LoadBalancerSection.ROLE)) {
            uses.add(PortUse.of(pg.ports().primary(), POSTGRES.key("ports").key("primary")));
            uses.add(PortUse.of(pg.ports().replica(), POSTGRES.key("ports").key("replica")));
        }
        if (host.has(K3sSection.SERVER) || host.has(K3sSection.AGENT)) {
            KeyPath nodePorts = POSTGRES.key("nodePorts");
            uses.add(PortUse.of(pg.nodePorts().primary(), nodePorts.key("primary")));
            uses.add(PortUse.of(pg.nodePorts().primaryApi(), nodePorts.key("primaryApi")));
            uses.add(PortUse.of(pg.nodePorts().replica(), nodePorts.key("replica")));
            uses.add(PortUse.of(pg.nodePorts().replicaApi(), nodePorts.key("replicaApi")));
        }
        return uses;
    }

    /** A written network list that leaves out the pod network refuses replication and HAProxy's (SNATed) clients. */
    @Override
    public void check(PostgresSettings pg, Topology topology) {
        Problems problems = topology.problems();
        if (!problems.isWritten(ALLOWED_NETWORKS) || problems.failedWithin(ALLOWED_NETWORKS)) {
            return;
        }
        topology.settings(K3sSettings.class).map(K3sSettings::clusterCidr)
                .filter(pods -> !PostgresValues.covers(pg.allowedNetworks(), pods))
                .ifPresent(pods -> problems.warn(ALLOWED_NETWORKS, "the K3s pod network " + pods + " is not listed:"
                        + " pods, and HAProxy traffic that kube-proxy forwards from a NodePort, will be refused by"
                        + " pg_hba"));
    }

    /** The scope names the StatefulSet and its pods ({@code SCOPE-0}), so it must leave room for the ordinal. */
    static String scope(String value) throws InvalidValueException {
        Formats.dnsLabel(value);
        if (value.length() > 40) {
            throw new InvalidValueException(Problems.quote(value) + " is longer than 40 characters (pods are named"
                    + " SCOPE-N and their Services SCOPE-primary/SCOPE-replica)");
        }
        return value;
    }

    private static String image(Section pg, Flavor flavor) {
        if (flavor == Flavor.SPILO) {
            return pg.string("image", DEFAULT_SPILO_IMAGE, PostgresFormats::image);
        }
        return pg.requiredString("image", "with flavor 'patroni', an image that contains PostgreSQL and Patroni,"
                + " e.g. the one built from Debian's postgresql-15 and patroni packages", PostgresFormats::image)
                .orElse("invalid");
    }

    private static PostgresSettings.Volume volume(Section volume) {
        String size = volume.string("size", DEFAULT_VOLUME_SIZE, PostgresFormats::quantity);
        Optional<String> storageClass = volume.string("storageClass", PostgresSection::storageClass);
        volume.finish();
        return new PostgresSettings.Volume(size, storageClass);
    }

    private static String storageClass(String value) throws InvalidValueException {
        if (value.length() > 253 || !value.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
            throw new InvalidValueException(Problems.quote(value) + " is not a StorageClass name (a lower-case DNS"
                    + " subdomain like 'local-path'); leave it out to use the cluster's default class");
        }
        return value;
    }

    private static PostgresSettings.Ports ports(Section ports) {
        int primary = ports.port("primary", 5432);
        int replica = ports.port("replica", 5433);
        ports.finish();
        if (primary == replica) {
            ports.problems().error(ports.pathOf("replica"), "port " + replica + " is also postgres.ports.primary;"
                    + " the replica port must differ");
        }
        return new PostgresSettings.Ports(primary, replica);
    }

    private static PostgresSettings.NodePorts nodePorts(Section section) {
        Map<String, Integer> defaults = new LinkedHashMap<>();
        defaults.put("primary", 30432);
        defaults.put("primaryApi", 30808);
        defaults.put("replica", 30433);
        defaults.put("replicaApi", 30809);
        Map<Integer, String> seen = new HashMap<>();
        List<Integer> values = new ArrayList<>();
        defaults.forEach((key, fallback) -> {
            int port = section.port(key, fallback);
            if (port < MIN_NODE_PORT || port > MAX_NODE_PORT) {
                section.problems().error(section.pathOf(key), "NodePort " + port + " is outside Kubernetes' NodePort"
                        + " range " + MIN_NODE_PORT + "-" + MAX_NODE_PORT);
            }
            String other = seen.putIfAbsent(port, key);
            if (other != null) {
                section.problems().error(section.pathOf(key), "NodePort " + port + " is also postgres.nodePorts."
                        + other + "; each NodePort must differ");
            }
            values.add(port);
        });
        section.finish();
        return new PostgresSettings.NodePorts(values.get(0), values.get(1), values.get(2), values.get(3));
    }

    private static PostgresSettings.Timing timing(Section patroni) {
        int ttl = PostgresValues.integer(patroni, "ttl", 30, 5, 3600);
        int loopWait = PostgresValues.integer(patroni, "loopWait", 10, 1, 3600);
        int retryTimeout = PostgresValues.integer(patroni, "retryTimeout", 10, 1, 3600);
        patroni.finish();
        if (loopWait + 2 * retryTimeout > ttl) {
            patroni.problems().error(patroni.pathOf("ttl"), "ttl " + ttl + " is shorter than loopWait + 2 x"
                    + " retryTimeout (" + (loopWait + 2 * retryTimeout) + "); Patroni would lose the leader lock"
                    + " during a normal retry (raise ttl or lower the other two)");
        }
        return new PostgresSettings.Timing(ttl, loopWait, retryTimeout);
    }
}
