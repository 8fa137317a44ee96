package org.gardenos.k3s.api;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gardenos.error.GardenException;
import org.gardenos.k3s.kubeconfig.KubeconfigCredentials;

/**
 * API clients for the cluster, built from the kubeconfig GardenOS keeps in the state directory. Only its server,
 * CA, client certificate and client key are used; a file with anything else (exec, auth-provider, tokenFile,
 * insecure-skip-tls-verify, ...) is refused, see {@link KubeconfigCredentials}.
 */
public final class ApiClients {
    private ApiClients() {
    }

    public static ApiClient fromKubeconfig(Path kubeconfig) {
        if (!Files.exists(kubeconfig)) {
            throw new GardenException(kubeconfig + " does not exist; run the k3s layer first (it fetches the kubeconfig)");
        }
        String text;
        try {
            text = Files.readString(kubeconfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GardenException("cannot read " + kubeconfig + ": " + e.getMessage(), e);
        }
        // never hand client-java a file that could make it run a program or trust any server: rebuild it
        KubeconfigCredentials credentials = KubeconfigCredentials.read(text, kubeconfig.toString());
        String clean = credentials.render("gardenos", credentials.server());
        try {
            KubeConfig config = KubeConfig.loadKubeConfig(new StringReader(clean));
            return ClientBuilder.kubeconfig(config).build();
        } catch (IOException | RuntimeException e) {
            throw new GardenException("cannot build a Kubernetes client from " + kubeconfig + ": " + e.getMessage(), e);
        }
    }
}
