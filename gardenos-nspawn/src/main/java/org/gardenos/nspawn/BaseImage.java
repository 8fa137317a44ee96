package org.gardenos.nspawn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cached Debian root file system every host's overlay sits on. Built once per machine with debootstrap (about
 * a minute or two), into a temporary directory renamed into place when complete, under a machine-wide lock so two
 * JVMs never build it twice. Its directory name carries a hash of the package list and of this recipe, so a
 * different package list or a changed recipe gets its own image.
 */
final class BaseImage {
    static final String SUITE = "bookworm";
    /** Packages every host has: systemd as PID 1, sshd, sudo, ip, and python3 (Ansible-style tools need it). */
    /*
     * Test hosts have no route out (no package mirror), so whatever a GardenOS layer would apt-get install must
     * already be in the image: the base layer's packages (ca-certificates, curl, kmod, apparmor, and
     * systemd-timesyncd as the time daemon) and the lb layer's haproxy.
     * One list for every test keeps it to one cached image per machine.
     */
    static final List<String> PACKAGES = List.of("systemd", "systemd-sysv", "dbus", "openssh-server", "iproute2",
            "sudo", "python3", "ca-certificates", "curl", "kmod", "haproxy", "apparmor", "systemd-timesyncd");
    /** Bump when {@link #customize} changes, so cached images built by the old recipe are not reused. */
    private static final String RECIPE = "1";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
    private static final Logger LOG = LoggerFactory.getLogger(BaseImage.class);

    private BaseImage() {
    }

    /** Directory name of the image for these packages, e.g. {@code bookworm-3f2a9c0d11e4}. */
    static String name(List<String> packages) {
        TreeSet<String> sorted = new TreeSet<>(packages);
        String key = "recipe=" + RECIPE + "\nsuite=" + SUITE + "\nvariant=minbase\ninclude=" + String.join(",", sorted);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return SUITE + "-" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The image's root directory, built first when it is not cached yet. */
    static Path ensure(Path cacheDir, List<String> packages, Supplier<URI> mirror) {
        String name = name(packages);
        Path image = cacheDir.resolve(name);
        if (Files.isDirectory(image)) {
            return image;
        }
        return MachineLock.with(cacheDir.resolve(name + ".lock"), () -> {
            if (Files.isDirectory(image)) {
                return image; // another JVM built it while we waited for the lock
            }
            build(cacheDir, name, packages, mirror.get());
            return image;
        });
    }

    private static void build(Path cacheDir, String name, List<String> packages, URI mirror) {
        removeAbandonedBuilds(cacheDir, name);
        Path tmp = cacheDir.resolve(".tmp-" + name + "-" + ProcessHandle.current().pid());
        Path log = cacheDir.resolve(name + ".build.log");
        List<String> command = List.of("debootstrap", "--variant=minbase",
                "--include=" + String.join(",", new TreeSet<>(packages)), SUITE, tmp.toString(), mirror.toString());
        LOG.info("building the Debian {} base image {} with debootstrap (once per machine; takes a minute or two)",
                SUITE, name);
        Instant started = Instant.now();
        LocalCommand.Result r = LocalCommand.run(command, null, BUILD_TIMEOUT);
        try {
            Files.writeString(log, String.join(" ", command) + "\n" + r.stdout() + r.stderr());
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", log, e.getMessage());
        }
        if (!r.ok()) {
            deleteQuietly(tmp);
            throw new NspawnException("debootstrap of the " + SUITE + " base image failed (exit " + r.exitCode()
                    + "), log in " + log + ": " + lastLines(r.stdout() + r.stderr(), 5));
        }
        try {
            customize(tmp);
            Files.move(tmp, cacheDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw new NspawnException("cannot finish the base image " + name + ": " + e.getMessage(), e);
        }
        LOG.info("base image {} ready in {} s", name, Duration.between(started, Instant.now()).toSeconds());
    }

    /**
     * What every host shares, done once in the image: the sudo user, sshd using only the per-host ed25519 key
     * (the keys debootstrap generated are removed so no two hosts ever share one), ssh enabled at boot, and
     * nothing of the build machine (hostname, resolver, machine id) left behind.
     */
    static void customize(Path root) throws IOException {
        LocalCommand.run(List.of("chroot", root.toString(), "useradd", "--create-home", "--shell", "/bin/bash",
                "--password", "*", DebianHostFiles.SUDO_USER)).requireOk();
        HostFiles.write(root.resolve("etc/sudoers.d/" + DebianHostFiles.SUDO_USER),
                (DebianHostFiles.SUDO_USER + " ALL=(ALL) NOPASSWD:ALL\n").getBytes(StandardCharsets.UTF_8), "r--r-----");
        try (DirectoryStream<Path> keys = Files.newDirectoryStream(root.resolve("etc/ssh"), "ssh_host_*")) {
            for (Path k : keys) {
                Files.delete(k);
            }
        }
        HostFiles.write(root.resolve("etc/ssh/sshd_config.d/gardenos-testkit.conf"),
                ("# written by gardenos-testkit: one host key per host, generated before boot\n"
                        + "HostKey " + DebianHostFiles.HOST_KEY + "\n").getBytes(StandardCharsets.UTF_8), "rw-r--r--");
        Path wants = root.resolve("etc/systemd/system/multi-user.target.wants/ssh.service");
        if (!Files.exists(wants, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(wants.getParent());
            Files.createSymbolicLink(wants, Path.of("/lib/systemd/system/ssh.service"));
        }
        // the build machine's identity and resolver must not leak into hosts; each host gets its own below
        Files.deleteIfExists(root.resolve("etc/hostname"));
        HostFiles.write(root.resolve("etc/resolv.conf"), new byte[0], "rw-r--r--");
        HostFiles.write(root.resolve("etc/machine-id"), new byte[0], "r--r--r--");
    }

    private static void removeAbandonedBuilds(Path cacheDir, String name) {
        try (DirectoryStream<Path> tmps = Files.newDirectoryStream(cacheDir, ".tmp-" + name + "-*")) {
            for (Path t : tmps) {
                LOG.info("removing abandoned build {}", t);
                deleteQuietly(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + cacheDir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Mounts.under(dir).forEach(Mounts::unmount); // a failed debootstrap may leave its /proc mounted
            HostFiles.deleteTree(dir);
        } catch (RuntimeException e) {
            LOG.warn("cannot remove {}: {}", dir, e.getMessage());
        }
    }

    static String lastLines(String text, int n) {
        List<String> lines = new ArrayList<>(List.of(text.strip().split("\n")));
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
