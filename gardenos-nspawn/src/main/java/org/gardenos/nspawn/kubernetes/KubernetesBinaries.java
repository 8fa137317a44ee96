package org.gardenos.nspawn.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Kubernetes binaries built by {@code scripts/kubernetes.sh} from Debian's source package are: the system
 * property {@code gardenos.kubernetes.bin}, else the environment variable {@code GARDENOS_KUBERNETES_BIN}, else the
 * machine-wide cache {@value #DEFAULT_CACHE}{@code /current/bin}.
 */
public record KubernetesBinaries(Path directory) {
    public static final String DEFAULT_CACHE = "/var/cache/gardenos-kubernetes";
    /** Everything a cluster runs: the control plane here, kubelet and kube-proxy in the nodes, the pause binary. */
    public static final List<String> NAMES = List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler",
            "kubelet", "kube-proxy", "pause");

    /** The configured or default location (which may hold nothing yet). */
    public static KubernetesBinaries locate() {
        String property = System.getProperty("gardenos.kubernetes.bin");
        if (property != null && !property.isBlank()) {
            return new KubernetesBinaries(Path.of(property));
        }
        String env = System.getenv("GARDENOS_KUBERNETES_BIN");
        if (env != null && !env.isBlank()) {
            return new KubernetesBinaries(Path.of(env));
        }
        return defaultCache();
    }

    /** The machine-wide cache's {@code current/bin}, what {@code scripts/kubernetes.sh} fills. */
    public static KubernetesBinaries defaultCache() {
        return new KubernetesBinaries(Path.of(DEFAULT_CACHE, "current", "bin"));
    }

    public Path binary(String name) {
        return directory.resolve(name);
    }

    /** The binaries of {@link #NAMES} that are not there (empty when a cluster can start). */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String name : NAMES) {
            if (!Files.isExecutable(binary(name))) {
                missing.add(name);
            }
        }
        return List.copyOf(missing);
    }

    /** The Debian source version they were built from (the cache's {@code version} file), or "unknown". */
    public String sourceVersion() {
        try {
            return Files.readString(directory.getParent().resolve("version")).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** One line for a skipped or failed test: what is missing, where it was looked for, how to build it. */
    public String missingReason() {
        return "Kubernetes binaries missing in " + directory + ": " + String.join(", ", missing())
                + " (build them with scripts/kubernetes.sh, or set -Dgardenos.kubernetes.bin)";
    }
}
