package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gardenos.k3s.KubeconfigFetcher;
import org.gardenos.k3s.kubeconfig.KubeconfigCredentials;
import org.gardenos.pki.Certificates;
import org.gardenos.testsupport.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code gardenos} launcher beside the jar and its AppCDS archive (docs/performance.md, "JVM start"): a status run
 * takes the classes of its whole path (command, engine, SSH client) from the archive, loads no BouncyCastle provider
 * (neither for SSH nor for the etcd client's TLS), no HTTP client and no Guice-generated class, and an archive the
 * JVM cannot use never makes the launcher fail.
 * Counted with {@code -Xlog:class+load} ("source: shared objects file" = from the archive).
 */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void aStatusRunTakesItsPathFromTheArchive() throws Exception {
        Path jsa = requireArchive();
        Path log = dir.resolve("classes.log");
        Path inventory = unreachableHostInventory();

        Run r = launch(JarProcess.jar().resolveSibling("gardenos"), Map.of("GARDENOS_JAVA_OPTS",
                "-Xlog:class+load=info:file=" + log), "-f", inventory.toString(), "--state-dir",
                dir.resolve("state").toString(), "status", "base");

        // the host is down (nothing listens on its port): a truthful DOWN, after the whole client path ran
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("DOWN").contains("connection refused");
        Map<String, String> source = classSources(log);
        List<String> path = List.of("org.gardenos.cli.StatusCommand", "org.gardenos.status.StatusService",
                "org.gardenos.status.BaseStatus", "org.gardenos.remote.ssh.SshRemoteHostConnector",
                "net.schmizz.sshj.SSHClient", "net.schmizz.sshj.transport.TransportImpl",
                "com.fasterxml.jackson.dataformat.yaml.YAMLFactory");
        for (String name : path) {
            assertThat(source.get(name)).as(name + " (archive " + jsa + ")").startsWith("shared objects file");
        }
        long shared = source.values().stream().filter(s -> s.startsWith("shared objects file")).count();
        assertThat(shared).as("classes from the archive, of " + source.size()).isGreaterThan(source.size() * 8 / 10);
        assertThat(source).as("what status base does not need")
                .doesNotContainKeys("org.bouncycastle.jce.provider.BouncyCastleProvider",
                        "jdk.internal.net.http.HttpClientImpl", "com.google.inject.internal.asm.$ClassWriter");
        assertThat(source.keySet()).noneMatch(n -> n.contains("$$FastClassByGuice$$"));
    }

    @Test
    void anEtcdStatusRunBuildsItsTlsContextWithoutBouncyCastleProvider() throws Exception {
        requireArchive();
        Path log = dir.resolve("etcd-classes.log");
        Path inventory = unreachableHostInventory();
        Path state = dir.resolve("state");
        org.gardenos.etcd.pki.EtcdPki.ensure(org.gardenos.state.StateDir.open(state), List.of());

        Run r = launch(JarProcess.jar().resolveSibling("gardenos"), Map.of("GARDENOS_JAVA_OPTS",
                "-Xlog:class+load=info:file=" + log), "-f", inventory.toString(), "--state-dir", state.toString(),
                "status", "etcd");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1); // nothing listens on the etcd port either
        Map<String, String> source = classSources(log);
        assertThat(source).as("the client TLS context was built").containsKey("io.netty.handler.ssl.SslContext");
        assertThat(source).doesNotContainKey("org.bouncycastle.jce.provider.BouncyCastleProvider");
    }

    /**
     * {@code status k3s} (and so {@code status postgres}, the same client) builds its Kubernetes client from the
     * archive: kubernetes.classlist put client-java, its Gson models, OkHttp and Kotlin there. Without that list
     * these ~2,200 classes came from the jar (docs/performance.md, "k8sstatus"). No BouncyCastle provider either.
     */
    @Test
    void aKubernetesStatusRunTakesItsClientFromTheArchive() throws Exception {
        requireArchive();
        Path log = dir.resolve("k3s-classes.log");
        Path inventory = unreachableHostInventory();
        Path state = Files.createDirectories(dir.resolve("state"));
        int apiPort;
        try (ServerSocket api = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            apiPort = api.getLocalPort();
        }
        Files.writeString(state.resolve(KubeconfigFetcher.STATE_FILE), kubeconfig(apiPort));

        Run r = launch(JarProcess.jar().resolveSibling("gardenos"), Map.of("GARDENOS_JAVA_OPTS",
                "-Xlog:class+load=info:file=" + log), "-f", inventory.toString(), "--state-dir", state.toString(),
                "status", "k3s");

        // nothing listens on the API port: a truthful DOWN, after the client was built and asked
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).contains("k3s: DOWN");
        Map<String, String> source = classSources(log);
        List<String> path = List.of("io.kubernetes.client.openapi.JSON", "io.kubernetes.client.openapi.ApiClient",
                "io.kubernetes.client.openapi.models.V1Node$CustomTypeAdapterFactory", "com.google.gson.Gson",
                "okhttp3.OkHttpClient", "okhttp3.internal.connection.RealCall", "kotlin.collections.ArraysKt");
        for (String name : path) {
            assertThat(source.get(name)).as(name).startsWith("shared objects file");
        }
        long shared = source.values().stream().filter(s -> s.startsWith("shared objects file")).count();
        assertThat(shared).as("classes from the archive, of " + source.size()).isGreaterThan(source.size() * 8 / 10);
        // ApiClients reads the client key without client-java's SSLUtils, which registers every JCE provider
        assertThat(source).doesNotContainKey("org.bouncycastle.jce.provider.BouncyCastleProvider")
                .doesNotContainKey("io.kubernetes.client.util.SSLUtils");
        // the client trusts the kubeconfig's CA only and is built without the JDK's default trust (cacerts, read by
        // TrustStoreManager): new ApiClient() and client-java's SSL setters each read it, for trust thrown away
        assertThat(source).doesNotContainKey("sun.security.ssl.TrustStoreManager");
    }

    /** An admin kubeconfig as the k3s layer keeps it, for a server on loopback {@code port} (a fresh test CA). */
    private static String kubeconfig(int port) {
        Instant now = Instant.now();
        KeyPair caKeys = Certificates.newKeyPair();
        X509Certificate ca = Certificates.selfSignedCa("launcher-ca", caKeys, now, Duration.ofDays(1));
        KeyPair keys = Certificates.newKeyPair();
        X509Certificate cert = Certificates.issue(ca, caKeys.getPrivate(), "admin", "system:masters",
                keys.getPublic(), List.of(), List.of(), false, true, now, Duration.ofDays(1));
        Base64.Encoder b64 = Base64.getEncoder();
        String server = "https://127.0.0.1:" + port;
        return new KubeconfigCredentials(server, b64.encodeToString(Certificates.pem(ca)),
                b64.encodeToString(Certificates.pem(cert)), b64.encodeToString(Certificates.pem(keys.getPrivate())))
                .render("launcher", server);
    }

    @Test
    void anArchiveTheJvmCannotUseIsIgnored() throws Exception {
        requireArchive();
        Path copy = Files.createDirectories(dir.resolve("moved"));
        Files.copy(JarProcess.jar().resolveSibling("gardenos"), copy.resolve("gardenos"));
        Files.createSymbolicLink(copy.resolve("gardenos-cli.jar"), JarProcess.jar());
        Files.writeString(copy.resolve("gardenos.jsa"), "not a CDS archive");

        Run garbage = launch(copy.resolve("gardenos"), Map.of(), "version");
        Files.delete(copy.resolve("gardenos.jsa"));
        Run none = launch(copy.resolve("gardenos"), Map.of(), "version");

        for (Run r : List.of(garbage, none)) {
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains(VersionProvider.version());
            assertThat(r.err()).as(r.toString()).isEmpty();
        }
    }

    /**
     * The launcher's compile thresholds (4 x the JVM's): a command compiles far fewer methods than with the JVM's own
     * thresholds (the same launcher, {@code -XX:CompileThresholdScaling=1} given after it), counted by the JVM
     * ({@code -XX:+CITime}, "N methods" of the client compiler). Invocation counts decide what is compiled, so the
     * counts move little from run to run; 4 x halved them in every run measured (docs/performance.md, "statusfast").
     */
    @Test
    void theLauncherCompilesFewerMethodsThanTheJvmsDefaultThresholds() throws Exception {
        Path launcher = JarProcess.jar().resolveSibling("gardenos");

        Run launched = launch(launcher, Map.of("GARDENOS_JAVA_OPTS", "-XX:+CITime"), "version");
        Run defaults = launch(launcher, Map.of("GARDENOS_JAVA_OPTS", "-XX:+CITime -XX:CompileThresholdScaling=1"),
                "version");

        int fewer = compiledMethods(launched);
        int jvmDefault = compiledMethods(defaults);
        assertThat(fewer).as("methods compiled through the launcher; with the JVM's thresholds: " + jvmDefault)
                .isPositive().isLessThan(jvmDefault * 3 / 4);
    }

    /** The client compiler's "standard: ... N methods" of {@code -XX:+CITime} (printed on stdout at exit). */
    private static int compiledMethods(Run r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("C1 \\{.*?standard: [^,]+, \\d+ bytes, (\\d+) methods")
                .matcher(r.out());
        assertThat(m.find()).as("-XX:+CITime's C1 line in\n" + r).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The archive, which `package` must have made unless told not to (its training run's failure does not stop it). */
    private static Path requireArchive() {
        assumeFalse(Boolean.getBoolean("gardenos.cds.skip"), "built with -Dgardenos.cds.skip=true: no archive");
        Path jsa = JarProcess.jar().resolveSibling("gardenos.jsa");
        assertThat(jsa).as("the archive (its training run failed? see the package log)").isRegularFile();
        return jsa;
    }

    /** One host on loopback, nothing listening on its SSH and etcd port, a real key file (read before connecting). */
    private Path unreachableHostInventory() throws Exception {
        Path keygen = Path.of("/usr/bin/ssh-keygen");
        Prerequisites.requireExecutable(keygen);
        Path key = dir.resolve("id_ed25519");
        Process p = new ProcessBuilder(keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("ssh-keygen").isTrue();
        int sshPort;
        int etcdPort;
        try (ServerSocket ssh = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket etcd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            sshPort = ssh.getLocalPort();
            etcdPort = etcd.getLocalPort();
        }
        return Files.writeString(dir.resolve("gardenos.yaml"), """
                cluster: launcher
                ssh:
                  privateKey: %s
                  knownHosts: %s
                  port: %d
                  connectTimeout: 5s
                etcd:
                  clientPort: %d
                hosts:
                  - name: node-1
                    address: 127.0.0.1
                    roles: [etcd, server]
                """.formatted(key, dir.resolve("known_hosts"), sshPort, etcdPort));
    }

    /** Class name -> where it was loaded from ("shared objects file", "shared objects file (top)", a jar...). */
    private static Map<String, String> classSources(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains(" source: "))
                .map(l -> l.substring(l.indexOf("] ", l.indexOf("class,load")) + 2))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(' ')),
                        l -> l.substring(l.indexOf(" source: ") + 9), (a, b) -> a));
    }

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Run launch(Path launcher, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env); // the launcher runs `java` of the PATH, as the build's training run did
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("gardenos " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
