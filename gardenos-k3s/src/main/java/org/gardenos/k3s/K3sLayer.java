package org.gardenos.k3s;

import com.google.common.base.Suppliers;
import io.kubernetes.client.openapi.ApiClient;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.gardenos.artifact.FetchedArtifact;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.engine.Layer;
import org.gardenos.engine.Play;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.api.KubernetesClients;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.resources.DeferredRemoteFile;
import org.gardenos.secret.NewSecretGuard;
import org.gardenos.secret.SecretBacked;
import org.gardenos.resources.ServiceRunning;
import org.gardenos.resources.SystemdUnit;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.k3s.settings.K3sSettings;

/**
 * The {@code k3s} layer: a K3s HA control plane on the external etcd, behind the {@code lb} layer's HAProxy.
 * Plays, in order:
 * <ol>
 * <li>{@code k3s-install} (all nodes in parallel): binary, etcd client certificate (servers), config.yaml,
 *     the 0600 environment file with the token, the unit. Nothing is started here.</li>
 * <li>{@code k3s-first-server}: the first server starts (or restarts after a change) alone and its API must
 *     answer {@code /readyz} before anything else happens (parallel first starts race over the bootstrap data in
 *     the datastore, k3s issues 3226 and 7185); then the admin kubeconfig is fetched into the state dir.</li>
 * <li>{@code k3s-servers}: the other servers, one at a time, each ready before the next: a config change
 *     restarts K3s one server at a time.</li>
 * <li>{@code k3s-agents}: agents, one at a time.</li>
 * <li>{@code k3s-cluster}: labels/taints, GardenOS's local-path manifests, the default StorageClass check,
 *     through the API ({@link K3sClusterObjects}; left out by {@link Options#clusterApi()} {@code false}).</li>
 * </ol>
 */
public final class K3sLayer implements Layer {
    public static final String NAME = "k3s";

    /** Waits and whether the API phase runs (tests on stand-in binaries have no API server to talk to). */
    public record Options(Duration readyTimeout, Duration pollInterval, boolean clusterApi) {
        public static Options defaults() {
            K3sTimeouts t = K3sTimeouts.defaults();
            return new Options(t.ready(), t.pollInterval(), true);
        }
    }

    private final ReleaseArtifact artifacts;
    private final Options options;
    private final Function<Target, ApiClient> clients;
    private final EtcdClientCredentials etcd;
    private final Optional<RemoteHostConnector> connector;

    /** The artifact cache, the waits and the API clients come from the injector (see {@link K3sModule}). */
    @Inject
    public K3sLayer(ReleaseArtifact artifacts, K3sTimeouts timeouts, KubernetesClients clients,
                    EtcdClientCredentials etcd, RemoteHostConnector connector) {
        this(artifacts, new Options(timeouts.ready(), timeouts.pollInterval(), true),
                t -> clients.fromKubeconfig(t.state().resolve(KubeconfigFetcher.STATE_FILE)), etcd,
                Optional.of(connector));
    }

    /** {@code connector}: asks the nodes before a new token is made ({@link NewSecretGuard}); empty: no guard. */
    public K3sLayer(ReleaseArtifact artifacts, Options options, Function<Target, ApiClient> clients,
                    EtcdClientCredentials etcd, Optional<RemoteHostConnector> connector) {
        this.artifacts = artifacts;
        this.options = options;
        this.clients = clients;
        this.etcd = etcd;
        this.connector = connector;
    }

    public K3sLayer(ReleaseArtifact artifacts, Options options, Function<Target, ApiClient> clients,
                    EtcdClientCredentials etcd) {
        this(artifacts, options, clients, etcd, Optional.empty());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> dependsOn() {
        return Set.of("etcd", "lb");
    }

    @Override
    public List<Play> plays(Inventory inventory) {
        List<HostSpec> servers = inventory.hostsWith(K3sSection.SERVER);
        List<HostSpec> agents = inventory.hostsWith(K3sSection.AGENT).stream().filter(h -> !h.has(K3sSection.SERVER)).toList();
        if (servers.isEmpty()) {
            return List.of();
        }
        // every render is built once up front: input errors (unknown add-on, no etcd host) stop the run before work
        servers.forEach(s -> K3sNodeConfig.forServer(inventory, s, etcd));
        agents.forEach(a -> K3sNodeConfig.forAgent(inventory, a));
        K3sRelease.spec(inventory.section(K3sSettings.class));

        Supplier<FetchedArtifact> binary = Suppliers.memoize(() -> artifacts.fetch(K3sRelease.spec(inventory.section(K3sSettings.class))));
        Optional<K3sAirgapImages> images = airgapImages(inventory);
        List<HostSpec> nodes = new ArrayList<>(servers);
        nodes.addAll(agents);
        // one guard per run: a wrong --state-dir must not hand the nodes a token their datastore was not made with
        Optional<NewSecretGuard> guard = connector.map(c -> new NewSecretGuard("K3s token", ClusterToken.STATE_FILE,
                K3sPaths.ENV_FILE, nodes, c));
        List<Play> plays = new ArrayList<>();
        plays.add(new Play("k3s-install", nodes, h -> {
            List<Resource> r = new ArrayList<>();
            guard.ifPresent(g -> r.add(g.resource()));
            r.addAll(install(inventory, h, binary));
            images.ifPresent(r::add);
            return r;
        }, Play.Strategy.PARALLEL));
        plays.add(new Play("k3s-first-server", List.of(servers.get(0)), h -> List.of(running(inventory, h),
                ready(), new KubeconfigInState(), new JoinTokensInState()), Play.Strategy.ONE_AT_A_TIME));
        // the others join with the full tokens the first server wrote, so their env files come only now
        if (servers.size() > 1) {
            plays.add(new Play("k3s-servers", servers.subList(1, servers.size()),
                    h -> List.of(envFile(JoinToken.Kind.SERVER), running(inventory, h), ready()),
                    Play.Strategy.ONE_AT_A_TIME));
        }
        if (!agents.isEmpty()) {
            plays.add(new Play("k3s-agents", agents, h -> List.of(envFile(JoinToken.Kind.AGENT),
                    running(inventory, h)), Play.Strategy.ONE_AT_A_TIME));
        }
        if (options.clusterApi()) {
            plays.add(new Play("k3s-cluster", List.of(servers.get(0)), h -> List.of(
                    new K3sClusterObjects(clients, options.readyTimeout(), options.pollInterval())),
                    Play.Strategy.ONE_AT_A_TIME));
        }
        return List.copyOf(plays);
    }

    /** The air-gap image tarball, fetched (checksum-verified) once per run when the inventory names one. */
    private Optional<K3sAirgapImages> airgapImages(Inventory inventory) {
        var images = inventory.section(K3sSettings.class).images();
        return images.airgapImages().map(path -> new K3sAirgapImages(Suppliers.memoize(() ->
                artifacts.fetch(org.gardenos.artifact.ArtifactSpec.local(path, images.airgapImagesSha256()))),
                path.getFileName().toString()));
    }

    private Resource ready() {
        return new K3sApiReady(options.readyTimeout(), options.pollInterval());
    }

    private static boolean server(HostSpec h) {
        return h.has(K3sSection.SERVER);
    }

    private List<Resource> install(Inventory inventory, HostSpec h, Supplier<FetchedArtifact> binary) {
        List<Resource> r = new ArrayList<>();
        r.add(new K3sBinary(binary));
        if (server(h) && etcd.tls(inventory)) {
            r.add(new EtcdClientFile(etcd, K3sPaths.ETCD_CA, 0644, EtcdClientCredentials.ClientFiles::caCert));
            r.add(new EtcdClientFile(etcd, K3sPaths.ETCD_CERT, 0644, EtcdClientCredentials.ClientFiles::cert));
            r.add(new EtcdClientFile(etcd, K3sPaths.ETCD_KEY, 0600, EtcdClientCredentials.ClientFiles::key));
        }
        K3sNodeConfig config = server(h) ? K3sNodeConfig.forServer(inventory, h, etcd) : K3sNodeConfig.forAgent(inventory, h);
        r.add(new DeferredRemoteFile(K3sPaths.CONFIG, 0600, "root:root", t -> utf8(config.render())));
        if (h.equals(inventory.hostsWith(K3sSection.SERVER).get(0))) {
            // the first server makes both tokens; a plan shows what would be created and writes nothing
            r.add(new SecretBacked(AgentToken.STATE_FILE, new SecretBacked(ClusterToken.STATE_FILE,
                    new DeferredRemoteFile(K3sPaths.ENV_FILE, K3sEnvFile.MODE, "root:root", t -> utf8(
                            K3sEnvFile.forFirstServer(ClusterToken.loadOrCreate(t.state()),
                                    AgentToken.loadOrCreate(t.state())))))));
        }
        r.add(new SystemdUnit(K3sPaths.UNIT_NAME, K3sUnit.render(config.mode())));
        return r;
    }

    /** A joining node's env file, from the full token the first server's play kept in the state dir. */
    private static Resource envFile(JoinToken.Kind kind) {
        return new SecretBacked(kind.stateFile, new DeferredRemoteFile(K3sPaths.ENV_FILE, K3sEnvFile.MODE, "root:root",
                t -> utf8(kind == JoinToken.Kind.SERVER
                        ? K3sEnvFile.forJoiningServer(JoinToken.load(t.state(), kind), AgentToken.loadOrCreate(t.state()))
                        : K3sEnvFile.forAgent(JoinToken.load(t.state(), kind)))));
    }

    /** Enabled and running; restarted when anything it reads changed (config, token, binary, unit, certificates). */
    private Resource running(Inventory inventory, HostSpec h) {
        List<String> inputs = new ArrayList<>(List.of(K3sPaths.CONFIG, K3sPaths.ENV_FILE, K3sPaths.BINARY, K3sPaths.UNIT));
        // K3s imports the image tarball when it starts: a new tarball needs a restart
        airgapImages(inventory).ifPresent(i -> inputs.add(i.path()));
        if (server(h) && etcd.tls(inventory)) {
            inputs.addAll(List.of(K3sPaths.ETCD_CA, K3sPaths.ETCD_CERT, K3sPaths.ETCD_KEY));
        }
        return new ServiceRunning(K3sPaths.UNIT_NAME, inputs);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
