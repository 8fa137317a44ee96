package org.gardenos.nspawn.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wait before a node's cgroups are removed, on a directory tree shaped like a cgroup v1 controller's (plain files
 * named {@code cgroup.procs}: a stand-in for the kernel's, which this test cannot create without a cluster).
 */
class CgroupProcessesWaitTest {
    @TempDir
    Path tree;

    @Test
    void returnsOnceTheLastProcessIsGone() throws Exception {
        Path pod = Files.createDirectories(tree.resolve("k8s-node1/kubepods/pod1"));
        Files.writeString(tree.resolve("k8s-node1/cgroup.procs"), "");
        Files.writeString(pod.resolve("cgroup.procs"), "4242\n4243\n");
        Thread exits = new Thread(() -> {
            try {
                Thread.sleep(600);
                Files.writeString(pod.resolve("cgroup.procs"), "");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        exits.start();
        long start = System.nanoTime();
        assertThat(ClusterRecord.awaitNoProcesses(tree, Duration.ofSeconds(10))).isTrue();
        exits.join();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    @Test
    void givesUpAfterTheLimitWhenAProcessStays() throws Exception {
        Path pod = Files.createDirectories(tree.resolve("k8s-node1/kubepods/pod1"));
        Files.writeString(pod.resolve("cgroup.procs"), "4242\n");
        long start = System.nanoTime();
        assertThat(ClusterRecord.awaitNoProcesses(tree, Duration.ofMillis(700))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void anEmptyTreeReturnsAtOnce() {
        assertThat(ClusterRecord.awaitNoProcesses(tree, Duration.ofSeconds(10))).isTrue();
    }
}
