package org.gardenos.k3s;

import io.kubernetes.client.openapi.ApiClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.gardenos.engine.ChangeAction;
import org.gardenos.error.GardenException;
import org.gardenos.engine.Change;
import org.gardenos.engine.Poll;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.api.DefaultStorageClass;
import org.gardenos.k3s.api.NodeReconciler;
import org.gardenos.k3s.api.ServerSideApplier;
import org.gardenos.k3s.manifest.LocalPathStorage;
import org.gardenos.resources.FileProbe;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.k3s.settings.K3sSettings;

/**
 * What the k3s layer sets through the Kubernetes API once the control plane is up (from the admin machine, with
 * the state directory's kubeconfig): node labels and taints as the inventory says ({@link NodeReconciler}),
 * GardenOS's local-path-provisioner when {@code k3s.disable} lists {@code local-storage} (server-side apply), and
 * finally the check that {@code local-path} is the only default StorageClass (waited for: K3s deploys its
 * packaged one a few seconds after start).
 */
final class K3sClusterObjects implements Resource {
    static final String APPLIED_HASH = "k3s/applied/local-path-storage.sha256";

    private final Function<Target, ApiClient> clients;
    private final Duration timeout;
    private final Duration interval;

    K3sClusterObjects(Function<Target, ApiClient> clients, Duration timeout, Duration interval) {
        this.clients = clients;
        this.timeout = timeout;
        this.interval = interval;
    }

    @Override
    public String name() {
        return "k3s-cluster-objects";
    }

    private static List<HostSpec> nodes(Inventory inventory) {
        return inventory.hosts().stream().filter(h -> h.has(K3sSection.SERVER) || h.has(K3sSection.AGENT)).toList();
    }

    private static Optional<String> manifestsHash(Inventory inventory) {
        return inventory.section(K3sSettings.class).disable().contains("local-storage")
                ? Optional.of(FileProbe.sha256Hex(LocalPathStorage.of(inventory.section(K3sSettings.class)).render()))
                : Optional.empty();
    }

    @Override
    public Change check(Target target) {
        if (target.state().read(KubeconfigFetcher.STATE_FILE).isEmpty()) {
            // a plan before the first server ever ran: nothing to ask yet, and apply comes after the fetch
            return Change.of(ChangeAction.UPDATE, "node labels/taints and the default StorageClass, once the API is up");
        }
        ApiClient client = clients.apply(target);
        Inventory inv = target.inventory();
        List<String> todo = new ArrayList<>();
        NodeReconciler nodes = new NodeReconciler(client);
        for (HostSpec h : nodes(inv)) {
            Optional<NodeReconciler.NodeChange> change = nodes.plan(h.name(), h.labels(), h.has(K3sSection.SERVER), inv.section(K3sSettings.class).hybrid());
            if (change.isEmpty()) {
                todo.add("node " + h.name() + " not registered yet");
            } else if (!change.get().none()) {
                todo.add("node " + h.name() + ": labels " + change.get().labelsSet().keySet() + ", taints -"
                        + change.get().taintsRemoved() + " +" + change.get().taintsAdded());
            }
        }
        Optional<String> hash = manifestsHash(inv);
        if (hash.isPresent() && !hash.get().equals(applied(target))) {
            todo.add("apply local-path-storage manifests");
        }
        DefaultStorageClass.Result storage = new DefaultStorageClass(client).check();
        if (!storage.ok()) {
            todo.add(storage.message());
        }
        return todo.isEmpty() ? Change.none() : Change.of(ChangeAction.UPDATE, String.join("; ", todo));
    }

    @Override
    public void apply(Target target, Change change) {
        ApiClient client = clients.apply(target);
        Inventory inv = target.inventory();
        NodeReconciler nodes = new NodeReconciler(client);
        for (HostSpec h : nodes(inv)) {
            await("node " + h.name() + " registered",
                    () -> nodes.plan(h.name(), h.labels(), h.has(K3sSection.SERVER), inv.section(K3sSettings.class).hybrid()).isPresent()
                            ? Optional.empty() : Optional.of("not registered"));
            nodes.reconcile(h.name(), h.labels(), h.has(K3sSection.SERVER), inv.section(K3sSettings.class).hybrid());
        }
        Optional<String> hash = manifestsHash(inv);
        if (hash.isPresent() && !hash.get().equals(applied(target))) {
            new ServerSideApplier(client).applyAll(LocalPathStorage.of(inv.section(K3sSettings.class)).manifests());
            target.state().writePublic(APPLIED_HASH, (hash.get() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        DefaultStorageClass storage = new DefaultStorageClass(client);
        await("default StorageClass local-path", () -> {
            DefaultStorageClass.Result r = storage.check();
            return r.ok() ? Optional.empty() : Optional.of(r.message());
        });
    }

    private static String applied(Target target) {
        return target.state().read(APPLIED_HASH).map(b -> new String(b, StandardCharsets.UTF_8).strip()).orElse("");
    }

    /** Polls {@code problem} (empty = fine) until fine or out of time; then fails naming the last problem. */
    private void await(String what, java.util.function.Supplier<Optional<String>> problem) {
        Poll.until(what, timeout, interval, problem, Optional::isEmpty, p -> new GardenException("waited "
                + (timeout.toMillis() < 1000 ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s") + " for "
                + what + ": " + p.orElseThrow()));
    }
}
