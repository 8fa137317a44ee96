package org.gardenos.cli.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gardenos.cli.logging.ConsoleLogging;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.EtcdReleaseTarball;
import org.gardenos.nspawn.kubernetes.LocalKubernetes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process that owns the sandbox's hosts and its Kubernetes. Test hosts live as long as the JVM that started them
 * (gardenos-nspawn removes them at JVM exit and cleans up after dead owners), so {@code gardenos sandbox up} starts
 * this keeper in the background and returns; {@code sandbox down} sends it SIGTERM, and it removes the Kubernetes
 * (kubelet stopped while its node still runs) before the hosts, in that order.
 */
public final class SandboxKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxKeeper.class);
    static final int HOSTS = 3;

    private SandboxKeeper() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        SandboxDir dir = new SandboxDir(Path.of(args[0]));
        ConsoleLogging.configure(false, false);
        CountDownLatch stop = new CountDownLatch(1);
        AtomicBoolean up = new AtomicBoolean();
        // once up, SIGTERM ends the wait below instead of running the JVM's exit hooks in parallel: the node's kubelet
        // and kube-proxy must stop (rules and cgroups removed) before its host goes. Before that (still booting, or
        // waiting for another local Kubernetes' machine lock) it exits at once and the exit hooks remove what exists.
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> {
            if (up.get()) {
                stop.countDown();
            } else {
                new Thread(() -> System.exit(143), "sandbox-keeper-stop").start();
            }
        });
        // the hosts reach no network: etcd comes as a release tarball made of this machine's Debian binaries,
        // installed through the same path as a downloaded release
        Path artifacts = Files.createDirectories(dir.root().resolve("artifacts"));
        EtcdReleaseTarball etcd = EtcdReleaseTarball.build(artifacts);
        DebianHosts hosts = DebianHosts.builder().count(HOSTS).namePrefix("node").build();
        hosts.start();
        LocalKubernetes kubernetes = null;
        try {
            kubernetes = SandboxKubernetes.start(dir);
            SandboxKubernetes.connectHosts(kubernetes, hosts);
            SandboxKubernetes.loadImages(kubernetes);
            String extraYaml = SandboxSections.render(etcd.version(), etcd.tarball().toString(), etcd.sha256(),
                    kubernetes.clusterCidr(), kubernetes.serviceCidr(), kubernetes.storageClass(),
                    SandboxKubernetes.nodeAddresses(kubernetes));
            writeInventory(dir, hosts.inventoryFile(SandboxDir.CLUSTER, extraYaml));
            up.set(true);
            Files.writeString(dir.readyFile(), hosts.runId() + "\n", StandardCharsets.UTF_8);
            LOG.info("sandbox hosts of run {} and Kubernetes are up; inventory {}, kubeconfig {}", hosts.runId(),
                    dir.inventory(), dir.kubeconfig());
            stop.await();
            LOG.info("stopping the sandbox");
        } finally {
            if (kubernetes != null) {
                kubernetes.close();
            }
            hosts.close();
        }
        System.exit(0);
    }

    private static void writeInventory(SandboxDir dir, Path inventory) throws IOException {
        Path tmp = Files.createTempFile(dir.root(), ".gardenos", ".yaml",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.copy(inventory, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, dir.inventory(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
