package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.etcd.settings.EtcdSettings;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.SshSettings;
import java.time.Duration;
import org.gardenos.standin.InMemoryHostStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a JFR profile of a no-op {@code apply base etcd lb} on 3 hosts showed half of the CPU in SHA-256 of the
 * etcd binaries, hashed again for every host's check of every run. Now the release is hashed and extracted once
 * (the binaries hashed while written), and a host's check compares the known hash: counted here on 3 hosts,
 * against in-memory stand-in hosts.
 */
class EtcdBinariesHashOnceTest {
    @TempDir
    Path dir;

    @Test
    void theReleaseIsHashedOnceForAllHostsAndNotAtAllByTheNextRun() throws Exception {
        byte[] etcd = "etcd binary ".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        Path tarball = tarGz(dir.resolve("etcd-v3.4.23-linux-amd64.tar.gz"), Map.of(
                "etcd-v3.4.23-linux-amd64/etcd", etcd,
                "etcd-v3.4.23-linux-amd64/etcdctl", "etcdctl".getBytes(StandardCharsets.UTF_8)));
        List<HostSpec> hosts = List.of(HostSpec.of("n1", "203.0.113.11", EtcdSection.ROLE),
                HostSpec.of("n2", "203.0.113.12", EtcdSection.ROLE), HostSpec.of("n3", "203.0.113.13", EtcdSection.ROLE));
        Inventory inventory = Inventory.builder().cluster("prod")
                .ssh(new SshSettings("root", 22, Path.of("id"), Path.of("known_hosts"), Duration.ofSeconds(5),
                        Duration.ofMinutes(5)))
                .hosts(hosts)
                .section(new EtcdSettings("3.4.23", 2379, 2380, "/var/lib/etcd", false, Optional.empty(),
                        Optional.of(tarball), "https://downloads.example.org/etcd"))
                .build();
        Map<String, InMemoryHostStandIn> remotes = new TreeMap<>();
        hosts.forEach(h -> remotes.put(h.name(), new InMemoryHostStandIn(h.name(), h.address())));

        ReleaseArtifact firstRun = ReleaseArtifact.withCache(dir.resolve("cache"));
        for (HostSpec h : hosts) {
            for (Resource r : binaries(firstRun, inventory, h)) {
                Target t = new Target(h, remotes.get(h.name()), inventory, null);
                Change c = r.check(t);
                if (r.name().endsWith("/etcdutl")) {
                    assertThat(c.isNone()).as("not in this tarball: nothing to install").isTrue();
                    continue;
                }
                assertThat(c.isNone()).isFalse();
                r.apply(t, c);
                assertThat(r.check(t).isNone()).as(r.name() + " on " + h.name()).isTrue();
            }
            assertThat(remotes.get(h.name()).file(EtcdHostPaths.ETCD).orElseThrow().content()).isEqualTo(etcd);
        }
        assertThat(firstRun.hashes().computed()).as("the tarball, once for 3 hosts").isEqualTo(1);

        ReleaseArtifact nextRun = ReleaseArtifact.withCache(dir.resolve("cache"));
        for (HostSpec h : hosts) {
            for (Resource r : binaries(nextRun, inventory, h)) {
                assertThat(r.check(new Target(h, remotes.get(h.name()), inventory, null)).isNone()).isTrue();
            }
        }
        assertThat(nextRun.hashes().computed()).as("a no-op run hashes nothing").isZero();
    }

    private static List<Resource> binaries(ReleaseArtifact artifacts, Inventory inventory, HostSpec h) {
        return new EtcdLayer(Optional.empty(), artifacts, EtcdTimeouts.defaults()).plays(inventory).get(0)
                .resources().apply(h).stream().filter(r -> r.name().startsWith("file:/usr/local/bin/")).toList();
    }

    private static Path tarGz(Path target, Map<String, byte[]> entries) throws Exception {
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(
                new GzipCompressorOutputStream(Files.newOutputStream(target)))) {
            for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                out.putArchiveEntry(entry);
                out.write(e.getValue());
                out.closeArchiveEntry();
            }
        }
        return target;
    }
}
