package org.gardenos.postgres.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Poll;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.error.GardenException;
import org.gardenos.k3s.api.KubernetesApiException;
import org.gardenos.postgres.api.KubeCalls;
import org.gardenos.postgres.api.PatroniApi;
import org.gardenos.postgres.patroni.ClusterHealth;
import org.gardenos.postgres.patroni.PatroniClusterView;
import org.gardenos.postgres.settings.PostgresSettings;

/**
 * The postgres cluster in K3s, through the API with the state directory's kubeconfig. {@link #check} lists, object by
 * object, what an apply would create or update (by the {@link DesiredObject#APPLIED} digest), the StorageClass
 * diagnosis, and, when nothing is to apply, what Patroni still lacks. {@link #apply} refuses to start when the claims
 * could not be bound (nothing half-applied), applies the changed objects with server-side apply, then waits until
 * Patroni reports one leader and every replica streaming ({@link ClusterHealth}), not merely Ready pods.
 */
public final class PostgresClusterResource implements Resource {
    public static final String KUBECONFIG = org.gardenos.k3s.KubeconfigFetcher.STATE_FILE;

    /** The objects for this run (rendered with the kept secrets) and the calls to reach the cluster. */
    public interface Objects {
        List<DesiredObject> desired(Target target, KubeCalls calls);
    }

    private final Function<Target, KubeCalls> calls;
    private final Objects objects;
    private final Duration timeout;
    private final Duration interval;

    public PostgresClusterResource(Function<Target, KubeCalls> calls, Objects objects, Duration timeout,
                                   Duration interval) {
        this.calls = calls;
        this.objects = objects;
        this.timeout = timeout;
        this.interval = interval;
    }

    @Override
    public String name() {
        return "postgres-cluster";
    }

    @Override
    public Change check(Target target) {
        if (target.state().read(KUBECONFIG).isEmpty()) {
            return Change.of(ChangeAction.CREATE, "the postgres cluster, once the K3s API is up");
        }
        KubeCalls api = calls.apply(target);
        PostgresSettings pg = target.inventory().section(PostgresSettings.class);
        List<String> todo = new ArrayList<>();
        storageProblem(api, pg).ifPresent(todo::add);
        for (DesiredObject d : objects.desired(target, api)) {
            changeOf(api, d).ifPresent(action -> todo.add(action + " " + d.describe()));
        }
        if (todo.isEmpty()) {
            List<String> problems = health(api, pg, ClusterHealth::convergenceProblems);
            if (!problems.isEmpty()) {
                return Change.of(ChangeAction.WAIT, "Patroni: " + String.join("; ", problems));
            }
        }
        return todo.isEmpty() ? Change.none() : Change.of(ChangeAction.UPDATE, String.join("; ", todo));
    }

    @Override
    public void apply(Target target, Change change) {
        KubeCalls api = calls.apply(target);
        PostgresSettings pg = target.inventory().section(PostgresSettings.class);
        Optional<String> storage = storageProblem(api, pg);
        if (storage.isPresent()) {
            throw new GardenException(storage.get());
        }
        for (DesiredObject d : objects.desired(target, api)) {
            if (changeOf(api, d).isPresent()) {
                KubeCalls.Reply reply = api.apply(d.path(), d.body());
                if (!reply.ok()) {
                    throw new KubernetesApiException("apply " + d.describe() + ": HTTP " + reply.code() + ": "
                            + ApiMessage.of(reply.body()), reply.code());
                }
            }
        }
        Poll.until("one Patroni leader and every replica streaming", timeout, interval,
                () -> health(api, pg, ClusterHealth::problems),
                List::isEmpty, problems -> new GardenException("waited " + timeout.toSeconds() + " s for the postgres"
                        + " cluster in " + pg.namespace() + ": " + String.join("; ", problems)
                        + " (gardenos status postgres; kubectl -n " + pg.namespace() + " get pods,pvc,events)"));
    }

    /** {@code create} or {@code update} when the live object lacks this rendering, empty when it has it. */
    static Optional<String> changeOf(KubeCalls api, DesiredObject d) {
        KubeCalls.Reply live = api.get(d.path());
        if (live.code() == 404) {
            return Optional.of("create");
        }
        if (!live.ok()) {
            throw new KubernetesApiException("read " + d.describe() + ": HTTP " + live.code() + ": "
                    + ApiMessage.of(live.body()), live.code());
        }
        return d.digest().equals(DesiredObject.appliedDigest(live.body())) ? Optional.empty() : Optional.of("update");
    }

    static Optional<String> storageProblem(KubeCalls api, PostgresSettings pg) {
        KubeCalls.Reply classes = api.get(StorageClassCheck.PATH);
        if (!classes.ok()) {
            throw new KubernetesApiException("list StorageClasses: HTTP " + classes.code() + ": "
                    + ApiMessage.of(classes.body()), classes.code());
        }
        return StorageClassCheck.problem(pg.volume().storageClass(), classes.body());
    }

    static List<String> health(KubeCalls api, PostgresSettings pg,
                               BiFunction<PostgresSettings, PatroniClusterView, List<String>> rule) {
        PatroniApi.Result<PatroniClusterView> view =
                new PatroniApi(api, pg.namespace()).cluster(ClusterHealth.members(pg));
        return view.value().map(v -> rule.apply(pg, v))
                .orElseGet(() -> List.of("no answer from Patroni (" + view.reason() + ")"));
    }
}
