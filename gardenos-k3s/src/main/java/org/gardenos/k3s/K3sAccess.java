package org.gardenos.k3s;

import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;

/**
 * The cluster's admin kubeconfig for people and tools: {@code garden.get(K3sAccess.class).adminKubeconfig()}.
 * Bound by {@link K3sModule}. The kubeconfig holds a client key: it is returned, never logged.
 */
public final class K3sAccess {
    private final Inventory inventory;
    private final StateDir state;
    private final RemoteHostConnector connector;

    /** The kubeconfig and where it came from. */
    public record AdminKubeconfig(String cluster, String yaml, Path file, Optional<String> fetchedFrom) {
        /** True when it was not in the state directory yet and was fetched from {@link #fetchedFrom} now. */
        public boolean fetched() {
            return fetchedFrom.isPresent();
        }
    }

    /** The result of {@link #merge}: the context named after the cluster, in {@code file} (mode 0600). */
    public record MergedKubeconfig(String context, Path file) {
    }

    @Inject
    public K3sAccess(Inventory inventory, StateDir state, RemoteHostConnector connector) {
        this.inventory = inventory;
        this.state = state;
        this.connector = connector;
    }

    /**
     * The kubeconfig kept in the state directory; when apply has not kept one yet, fetched over SSH from the first
     * server (as apply's {@link KubeconfigInState} does) and kept 0600.
     *
     * @throws K3sAccessException when the inventory has no server to fetch it from
     */
    public AdminKubeconfig adminKubeconfig() {
        checkAccess(inventory, state.root());
        Path kept = state.resolve(KubeconfigFetcher.STATE_FILE);
        Optional<String> fetchedFrom = Optional.empty();
        if (!Files.isRegularFile(kept)) {
            HostSpec first = inventory.hostsWith(K3sSection.SERVER).get(0);
            kept = KubeconfigFetcher.fetch(connector.connect(first), inventory, state);
            fetchedFrom = Optional.of(first.name());
        }
        return new AdminKubeconfig(inventory.cluster(), read(kept), kept, fetchedFrom);
    }

    /**
     * The check {@link #adminKubeconfig()} makes, for callers that must make it before opening the state directory
     * (opening creates it): {@link K3sAccessException} when no kubeconfig is kept in {@code stateDir} and the
     * inventory has no server to fetch one from.
     */
    public static void checkAccess(Inventory inventory, Path stateDir) {
        if (!Files.isRegularFile(stateDir.resolve(KubeconfigFetcher.STATE_FILE))
                && inventory.hostsWith(K3sSection.SERVER).isEmpty()) {
            throw new K3sAccessException(inventory.file() + ": no host has the role 'server', so there is no K3s"
                    + " kubeconfig to fetch");
        }
    }

    /**
     * Merges {@code admin} into the kubeconfig {@code target} (created 0600 when missing) as the context named after
     * the cluster; other contexts are kept, the current context changes only when there was none.
     */
    public MergedKubeconfig merge(AdminKubeconfig admin, Path target) {
        Kubeconfig.mergeInto(target, admin.yaml(), admin.cluster(), false);
        return new MergedKubeconfig(admin.cluster(), target);
    }

    /**
     * Where kubectl writes: {@code $KUBECONFIG}'s first entry when set, else {@code HOME/.kube/config}.
     *
     * @param kubeconfigVariable the value of {@code KUBECONFIG}, if set
     */
    public static Path userKubeconfig(Optional<String> kubeconfigVariable, Path home) {
        return kubeconfigVariable.flatMap(v -> Arrays.stream(v.split(File.pathSeparator)).map(String::strip)
                        .filter(s -> !s.isEmpty()).findFirst())
                .map(Path::of)
                .orElseGet(() -> home.resolve(".kube").resolve("config"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
