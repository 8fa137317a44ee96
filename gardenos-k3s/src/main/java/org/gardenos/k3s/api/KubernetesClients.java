package org.gardenos.k3s.api;

import io.kubernetes.client.openapi.ApiClient;
import java.nio.file.Path;

/**
 * How the k3s layer and its status get a Kubernetes API client for a kubeconfig file. Bound by
 * {@code K3sModule} to {@link ApiClients#fromKubeconfig}; a test or an embedder rebinds it (a scripted API, a
 * client with other timeouts).
 */
@FunctionalInterface
public interface KubernetesClients {
    /** A client for the cluster {@code kubeconfig} points at; a GardenException when it cannot be built. */
    ApiClient fromKubeconfig(Path kubeconfig);
}
