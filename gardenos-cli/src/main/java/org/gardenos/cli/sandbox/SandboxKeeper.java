package org.gardenos.cli.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.gardenos.base.BaseLayer;
import org.gardenos.testkit.hosts.DebianHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process that owns the sandbox's hosts. Test hosts live as long as the JVM that started them (the testkit
 * removes them at JVM exit and cleans up after dead owners), so {@code gardenos sandbox up} starts this keeper in the
 * background and returns; {@code sandbox down} sends it SIGTERM, and its shutdown removes the hosts.
 */
public final class SandboxKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxKeeper.class);
    static final int HOSTS = 3;
    /** Debian packages the shipped layers install on their hosts. */
    static final List<String> IMAGE_PACKAGES = List.copyOf(BaseLayer.PACKAGES);

    private SandboxKeeper() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        SandboxDir dir = new SandboxDir(Path.of(args[0]));
        // the hosts reach no network: what the layers install must already be in their image
        DebianHosts hosts = DebianHosts.builder().count(HOSTS).namePrefix("node")
                .packages(IMAGE_PACKAGES.toArray(String[]::new)).build();
        // DebianHosts' own JVM-exit hook removes the hosts; this keeper only has to stay alive until SIGTERM
        hosts.start();
        Path inventory = hosts.inventoryFile(SandboxDir.CLUSTER, "");
        Path tmp = Files.createTempFile(dir.root(), ".gardenos", ".yaml",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.copy(inventory, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, dir.inventory(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.readyFile(), hosts.runId() + "\n", StandardCharsets.UTF_8);
        LOG.info("sandbox hosts of run {} are up; inventory {}", hosts.runId(), dir.inventory());
        new CountDownLatch(1).await();
    }
}
