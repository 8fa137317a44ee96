package org.gardenos.k3s.api;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import java.time.Duration;
import java.util.function.Supplier;
import org.gardenos.engine.Poll;
import org.gardenos.error.GardenException;

/** Polls a Deployment or DaemonSet until its rollout is complete ({@link RolloutProgress}), failed, or out of time. */
public final class RolloutWaiter {
    private final AppsV1Api apps;
    private final Duration pollInterval;

    public RolloutWaiter(ApiClient client, Duration pollInterval) {
        this.apps = new AppsV1Api(client);
        this.pollInterval = pollInterval;
    }

    public RolloutProgress awaitDeployment(String namespace, String name, Duration timeout) {
        return await("Deployment " + namespace + "/" + name, timeout,
                () -> RolloutProgress.of(call(() -> apps.readNamespacedDeployment(name, namespace).execute(),
                        "read Deployment " + namespace + "/" + name)));
    }

    public RolloutProgress awaitDaemonSet(String namespace, String name, Duration timeout) {
        return await("DaemonSet " + namespace + "/" + name, timeout,
                () -> RolloutProgress.of(call(() -> apps.readNamespacedDaemonSet(name, namespace).execute(),
                        "read DaemonSet " + namespace + "/" + name)));
    }

    /**
     * Polls ({@link Poll}) until the rollout is done; a failed rollout ends the wait at once, and a workload that
     * does not exist yet (404) is waited for like one in progress.
     */
    private RolloutProgress await(String what, Duration timeout, Supplier<RolloutProgress> probe) {
        return Poll.until(what + " rollout", timeout, pollInterval, () -> {
            RolloutProgress now = progress(probe);
            if (now.failed()) {
                throw new GardenException(what + ": rollout failed: " + now.detail());
            }
            return now;
        }, RolloutProgress::done, last -> new GardenException(what + ": rollout not complete after "
                + human(timeout) + ": " + last.detail()));
    }

    private static RolloutProgress progress(Supplier<RolloutProgress> probe) {
        try {
            return probe.get();
        } catch (KubernetesApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            return new RolloutProgress(false, false, "does not exist yet");
        }
    }

    static String human(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    interface ApiCall<T> {
        T run() throws ApiException;
    }

    static <T> T call(ApiCall<T> call, String action) {
        try {
            return call.run();
        } catch (ApiException e) {
            throw ApiErrors.of(action, e);
        }
    }
}
