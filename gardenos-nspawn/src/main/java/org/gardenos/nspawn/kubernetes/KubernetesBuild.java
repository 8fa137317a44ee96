package org.gardenos.nspawn.kubernetes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Builds the Kubernetes binaries when the machine has none: runs {@code scripts/kubernetes.sh} (the same script,
 * packed into this jar at build time, so the CLI jar carries it) and reports its progress lines. Only the first
 * run on a machine pays (several minutes on 2 cores); the script itself locks the cache and returns at once when
 * another run built it meanwhile.
 */
public final class KubernetesBuild {
    static final String SCRIPT_RESOURCE = "kubernetes.sh";
    private static final int TAIL = 20;

    private KubernetesBuild() {
    }

    /** What a build did: where the binaries are and how long it took ({@link Duration#ZERO} when cached). */
    public record Result(KubernetesBinaries binaries, Duration took, boolean built) {
    }

    /**
     * The binaries at {@code binaries}, built first with the bundled script when any is missing; every progress line
     * of the script goes to {@code progress}. A failed build throws with the script's last lines.
     */
    public static Result ensure(KubernetesBinaries binaries, Consumer<String> progress) {
        if (binaries.missing().isEmpty()) {
            return new Result(binaries, Duration.ZERO, false);
        }
        if (!binaries.directory().equals(KubernetesBinaries.defaultCache().directory())) {
            throw new KubernetesException(binaries.missingReason());
        }
        long t0 = System.nanoTime();
        Path script = extractScript();
        try {
            run(script, progress);
        } finally {
            try {
                Files.deleteIfExists(script);
            } catch (IOException ignored) {
                // a temporary copy of a script in the jar
            }
        }
        if (!binaries.missing().isEmpty()) {
            throw new KubernetesException("the Kubernetes build finished but " + binaries.missingReason());
        }
        return new Result(binaries, Duration.ofNanos(System.nanoTime() - t0), true);
    }

    private static void run(Path script, Consumer<String> progress) {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "build").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Deque<String> tail = new ArrayDeque<>();
        try {
            Process p = pb.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    tail.addLast(line);
                    if (tail.size() > TAIL) {
                        tail.removeFirst();
                    }
                    if (line.startsWith("[kubernetes]")) {
                        progress.accept(line);
                    }
                }
            }
            int exit = p.waitFor();
            if (exit != 0) {
                throw new KubernetesException("building Kubernetes (scripts/kubernetes.sh) exited " + exit + ": "
                        + String.join(" / ", tail));
            }
        } catch (IOException e) {
            throw new KubernetesException("cannot run the Kubernetes build: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesException("interrupted while building Kubernetes", e);
        }
    }

    private static Path extractScript() {
        try (InputStream in = KubernetesBuild.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new KubernetesException("the build script " + SCRIPT_RESOURCE + " is not in this jar");
            }
            Path script = Files.createTempFile("gardenos-kubernetes-", ".sh",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.write(script, in.readAllBytes());
            return script;
        } catch (IOException e) {
            throw new KubernetesException("cannot unpack the Kubernetes build script: " + e.getMessage(), e);
        }
    }
}
