package org.gardenos.postgres.realcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.engine.Poll;
import org.gardenos.etcd.pki.EtcdPki;

/**
 * The real servers the postgres test runs beside the test cluster, on this machine's address on the nodes' bridge (so
 * pods reach them through the nodes' default route): a one-member etcd (Debian's 3.4, etcd3 API only, client
 * certificates from GardenOS's own {@link EtcdPki}, as the etcd layer would issue them) and HAProxy with the postgres
 * route the lb layer would put into haproxy.cfg. Each is a child process, stopped by {@link #close()}.
 */
final class BridgeProcesses implements AutoCloseable {
    static final int ETCD_CLIENT_PORT = 2379;
    private final List<Process> processes = new ArrayList<>();
    private final Path dir;

    BridgeProcesses(Path dir) {
        this.dir = dir;
    }

    /** etcd on {@code address}:2379 over TLS with client-certificate authentication; waits until healthy. */
    void startEtcd(String address, EtcdPki pki, String member) throws IOException {
        EtcdPki.CertFiles server = pki.member(member);
        Path data = Files.createDirectories(dir.resolve("etcd.data"));
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        String client = "https://" + address + ":" + ETCD_CLIENT_PORT;
        String peer = "http://" + address + ":2380";
        String metrics = "http://" + address + ":2381";
        start("etcd", List.of("etcd", "--name", member, "--data-dir", data.toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", member + "=" + peer, "--listen-metrics-urls", metrics,
                "--cert-file", server.cert().toString(), "--key-file", server.key().toString(),
                "--trusted-ca-file", pki.caCert().toString(), "--client-cert-auth"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Poll.until("etcd healthy on " + address, Duration.ofSeconds(30), Duration.ofMillis(300), () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(metrics + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }, body -> body.contains("\"health\":\"true\""), body -> new IllegalStateException(
                "etcd on " + address + " not healthy: " + log("etcd")));
    }

    /** HAProxy in the foreground with {@code fragment} after a plain TCP defaults section. */
    void startHaproxy(String fragment) throws IOException {
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, """
                global
                    maxconn 256
                defaults
                    mode tcp
                    timeout connect 3s
                    timeout client 30s
                    timeout server 30s
                """ + fragment, StandardCharsets.UTF_8);
        start("haproxy", List.of("haproxy", "-db", "-f", cfg.toString()));
    }

    /** The last lines a process wrote (stdout and stderr), for failure messages. */
    String log(String name) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(name + ".log"));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void start(String name, List<String> command) {
        try {
            processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".log").toFile()).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
