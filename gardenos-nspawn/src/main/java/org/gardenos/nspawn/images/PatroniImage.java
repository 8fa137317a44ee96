package org.gardenos.nspawn.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.LocalMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Patroni image of the postgres layer's {@code patroni} flavor, built on this machine (Spilo cannot be pulled
 * here, and no registry is used): a Debian bookworm root file system made by debootstrap with Debian's
 * {@code postgresql-15}, {@code patroni} and {@code python3-etcd} (Patroni's etcd3 client uses python-etcd's
 * exceptions), the {@code postgres} user moved to uid/gid 999 as the layer's {@code PodLayout} for the patroni flavor
 * expects (runAsUser/runAsGroup/fsGroup 999), and the cluster the package's postinst created removed (Patroni runs
 * initdb itself below the volume). Used by {@code gardenos sandbox up} (imported into the sandbox's Kubernetes node)
 * and by the postgres layer's real-cluster tests.
 *
 * <p>Cached per machine under {@value #CACHE_PATH}: the debootstrap tree (key: suite and packages; about 8 minutes on
 * 2 busy cores, once) and the OCI tarball (key: also this recipe), built under a file lock so two JVMs never build it
 * twice. debootstrap fetches the packages from the Debian mirror this machine's apt already uses, as the test hosts'
 * base images do; once the tarball is there nothing is fetched again. Nodes import it with {@code ctr images import}
 * and pods use {@code imagePullPolicy: IfNotPresent}, which never pulls an image that is present.
 */
public final class PatroniImage {
    public static final String REFERENCE = "gardenos.test/patroni:15-3.0.2";
    public static final long POSTGRES_UID = 999;
    public static final List<String> PACKAGES = List.of("postgresql-15", "patroni", "python3-etcd");
    static final String CACHE_PATH = "/var/cache/gardenos-testkit/images";
    private static final Path CACHE = Path.of(CACHE_PATH);
    private static final String SUITE = "bookworm";
    /** Bump when {@link #customize} changes: the debootstrap tree is kept, the tarball is rebuilt. */
    private static final String RECIPE = "1";
    private static final Logger LOG = LoggerFactory.getLogger(PatroniImage.class);

    private PatroniImage() {
    }

    /** What this machine lacks to build the image (the tarball, once cached, needs nothing). */
    public static List<String> missing() {
        if (Files.isRegularFile(tarball())) {
            return List.of();
        }
        return LocalMachine.missingCommands("debootstrap", "chroot", "find");
    }

    /** Whether the tarball is already cached (then {@link #ensure()} builds nothing). */
    public static boolean cached() {
        return Files.isRegularFile(tarball());
    }

    /** The cached image, built first when missing (debootstrap from the machine's Debian mirror). */
    public static OciImage ensure() {
        return ensure(DebianHosts::defaultMirror);
    }

    /** The cached image, built first when missing, with debootstrap from {@code mirror}. */
    public static OciImage ensure(Supplier<URI> mirror) {
        Path tarball = tarball();
        if (Files.isRegularFile(tarball)) {
            return new OciImage(REFERENCE, tarball);
        }
        try {
            Files.createDirectories(CACHE);
            try (FileChannel ch = FileChannel.open(CACHE.resolve("patroni.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                if (!Files.isRegularFile(tarball)) {
                    Path root = rootfs(mirror);
                    customize(root);
                    LOG.info("writing the Patroni image {} to {}", REFERENCE, tarball);
                    OciImageBuilder.named(REFERENCE).rootfs(root).env("LANG", "C.UTF-8")
                            .cmd("patroni", "--version").writeTo(tarball);
                }
            }
            return new OciImage(REFERENCE, tarball);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the Patroni image: " + e.getMessage(), e);
        }
    }

    /** Where the tarball is cached. */
    public static Path tarball() {
        return CACHE.resolve("patroni-" + key("recipe=" + RECIPE + "\n" + rootKey()) + ".tar");
    }

    private static String rootKey() {
        return "suite=" + SUITE + "\nvariant=minbase\ninclude=" + String.join(",", PACKAGES);
    }

    /** Where the debootstrap tree is kept (customized once the image was written). */
    public static Path rootfsDirectory() {
        return CACHE.resolve("patroni-" + key(rootKey()) + ".rootfs");
    }

    /** The debootstrap tree, made once (into a temporary directory renamed into place when complete). */
    private static Path rootfs(Supplier<URI> mirror) throws IOException {
        Path root = rootfsDirectory();
        if (Files.isDirectory(root)) {
            return root;
        }
        Path tmp = CACHE.resolve(".tmp-" + root.getFileName() + "-" + ProcessHandle.current().pid());
        LOG.info("debootstrap of the Patroni image's root file system (once per machine, several minutes)");
        run(List.of("debootstrap", "--variant=minbase", "--include=" + String.join(",", PACKAGES), SUITE,
                tmp.toString(), mirror.get().toString()), 3600);
        Files.move(tmp, root);
        return root;
    }

    /**
     * Idempotent: the postgres user to uid/gid 999 (its files follow), the package's own cluster and the apt caches
     * removed.
     */
    private static void customize(Path root) throws IOException {
        String passwd = Files.readString(root.resolve("etc/passwd"), StandardCharsets.UTF_8);
        String group = Files.readString(root.resolve("etc/group"), StandardCharsets.UTF_8);
        String uid = field(passwd, "postgres", 2);
        String gid = field(group, "postgres", 2);
        String id = Long.toString(POSTGRES_UID);
        if (!uid.equals(id) || !gid.equals(id)) {
            if (passwd.contains(":" + id + ":") && !uid.equals(id) || group.contains(":x:" + id + ":") && !gid.equals(id)) {
                throw new IllegalStateException("uid or gid " + id + " is taken in the image; cannot move postgres there");
            }
            run(List.of("chroot", root.toString(), "groupmod", "-g", id, "postgres"), 60);
            run(List.of("chroot", root.toString(), "usermod", "-u", id, "-g", id, "postgres"), 60);
            run(List.of("find", root.toString(), "-xdev", "-uid", uid, "-exec", "chown", "-h", id, "{}", "+"), 600);
            run(List.of("find", root.toString(), "-xdev", "-gid", gid, "-exec", "chgrp", "-h", id, "{}", "+"), 600);
        }
        run(List.of("sh", "-c", "cd \"$1\" && rm -rf var/lib/postgresql/15 etc/postgresql/15/main var/cache/apt/*.bin "
                + "var/cache/apt/archives/*.deb var/lib/apt/lists/* usr/share/doc usr/share/man", "sh", root.toString()), 600);
    }

    private static String field(String file, String name, int index) {
        return file.lines().filter(l -> l.startsWith(name + ":")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " in the image")).split(":")[index];
    }

    private static void run(List<String> command, int timeoutSeconds) throws IOException {
        Path log = Files.createTempFile("patroni-image-", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " timed out after " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                        + " failed (exit " + p.exitValue() + "): "
                        + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String key(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
