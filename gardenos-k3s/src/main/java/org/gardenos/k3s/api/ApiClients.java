package org.gardenos.k3s.api;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gardenos.error.GardenException;

/** API clients for the cluster, built from the kubeconfig GardenOS keeps in the state directory. */
public final class ApiClients {
    private ApiClients() {
    }

    public static ApiClient fromKubeconfig(Path kubeconfig) {
        if (!Files.exists(kubeconfig)) {
            throw new GardenException(kubeconfig + " does not exist; run the k3s layer first (it fetches the kubeconfig)");
        }
        try (Reader r = Files.newBufferedReader(kubeconfig, StandardCharsets.UTF_8)) {
            KubeConfig config = KubeConfig.loadKubeConfig(r);
            config.setFile(kubeconfig.toFile());
            return ClientBuilder.kubeconfig(config).build();
        } catch (IOException | RuntimeException e) {
            throw new GardenException("cannot build a Kubernetes client from " + kubeconfig + ": " + e.getMessage(), e);
        }
    }
}
