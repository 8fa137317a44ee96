package org.gardenos.k3s.api;

import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1DaemonSetStatus;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;

/**
 * Whether a rollout is complete, the way {@code kubectl rollout status} decides, and unlike
 * {@code Readiness.isDeploymentReady} (which ignores both): the controller has seen the newest spec
 * ({@code observedGeneration >= generation}), every replica runs the new template ({@code updatedReplicas}),
 * no old replica is left, and all are available. {@code failed} is set when the Deployment reports
 * {@code ProgressDeadlineExceeded}: waiting longer will not help.
 */
public record RolloutProgress(boolean done, boolean failed, String detail) {
    public static RolloutProgress of(V1Deployment d) {
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        int wanted = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        V1DeploymentStatus s = d.getStatus();
        if (s == null || s.getObservedGeneration() == null || s.getObservedGeneration() < generation) {
            return new RolloutProgress(false, false, "the controller has not seen generation " + generation + " yet");
        }
        if (s.getConditions() != null) {
            for (V1DeploymentCondition c : s.getConditions()) {
                if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                        && "ProgressDeadlineExceeded".equals(c.getReason())) {
                    return new RolloutProgress(false, true, "progress deadline exceeded: " + c.getMessage());
                }
            }
        }
        int updated = nz(s.getUpdatedReplicas());
        int total = nz(s.getReplicas());
        int available = nz(s.getAvailableReplicas());
        if (updated < wanted) {
            return new RolloutProgress(false, false, updated + " of " + wanted + " replicas updated");
        }
        if (total > updated) {
            return new RolloutProgress(false, false, (total - updated) + " old replicas pending termination");
        }
        if (available < updated) {
            return new RolloutProgress(false, false, available + " of " + updated + " updated replicas available");
        }
        return new RolloutProgress(true, false, available + " of " + wanted + " replicas updated and available");
    }

    public static RolloutProgress of(V1DaemonSet ds) {
        long generation = ds.getMetadata().getGeneration() == null ? 0 : ds.getMetadata().getGeneration();
        V1DaemonSetStatus s = ds.getStatus();
        if (s == null || s.getObservedGeneration() == null || s.getObservedGeneration() < generation) {
            return new RolloutProgress(false, false, "the controller has not seen generation " + generation + " yet");
        }
        int desired = s.getDesiredNumberScheduled();
        int updated = nz(s.getUpdatedNumberScheduled());
        int available = nz(s.getNumberAvailable());
        if (updated < desired) {
            return new RolloutProgress(false, false, updated + " of " + desired + " pods updated");
        }
        if (available < desired) {
            return new RolloutProgress(false, false, available + " of " + desired + " pods available");
        }
        return new RolloutProgress(true, false, available + " of " + desired + " pods updated and available");
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }
}
