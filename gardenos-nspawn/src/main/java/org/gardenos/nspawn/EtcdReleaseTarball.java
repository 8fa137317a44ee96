package org.gardenos.nspawn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release tarball in the official etcd layout, {@code etcd-vX.Y.Z-linux-amd64.tar.gz} holding
 * {@code etcd-vX.Y.Z-linux-amd64/etcd} and {@code .../etcdctl}, built from Debian's binaries installed here, plus a
 * {@code SHA256SUMS} file in the release's format. Provisioning tests install this real etcd onto testkit hosts
 * through the same code path that downloads an upstream release; the {@code sandbox} command gives it to its hosts,
 * which reach no network to download one.
 */
public record EtcdReleaseTarball(String version, Path tarball, String sha256, Path sha256Sums) {
    /** Debian's etcd-server binary. */
    public static final Path DEBIAN_ETCD = Path.of("/usr/bin/etcd");
    /** Debian's etcd-client binary. */
    public static final Path DEBIAN_ETCDCTL = Path.of("/usr/bin/etcdctl");
    private static final Pattern VERSION = Pattern.compile("etcd Version: (\\d+\\.\\d+\\.\\d+)");

    /** {@code etcd-v3.4.23-linux-amd64.tar.gz} */
    public String fileName() {
        return tarball.getFileName().toString();
    }

    /** The directory inside the tarball, {@code etcd-v3.4.23-linux-amd64}. */
    public String topDir() {
        return "etcd-v" + version + "-linux-amd64";
    }

    /** Builds the tarball and SHA256SUMS into {@code dir} from {@code /usr/bin/etcd} and {@code /usr/bin/etcdctl}. */
    public static EtcdReleaseTarball build(Path dir) {
        return build(dir, DEBIAN_ETCD, DEBIAN_ETCDCTL);
    }

    public static EtcdReleaseTarball build(Path dir, Path etcd, Path etcdctl) {
        try {
            String version = installedVersion(etcd);
            String top = "etcd-v" + version + "-linux-amd64";
            Path staging = Files.createTempDirectory(dir, "staging-");
            Path inner = Files.createDirectories(staging.resolve(top));
            Files.copy(etcd, inner.resolve("etcd"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.copy(etcdctl, inner.resolve("etcdctl"), StandardCopyOption.COPY_ATTRIBUTES);
            Path tarball = dir.resolve(top + ".tar.gz");
            run(List.of("tar", "-C", staging.toString(), "--owner=0", "--group=0", "--numeric-owner",
                    "--mtime=@0", "--sort=name", "-czf", tarball.toString(), top));
            HostFiles.deleteTree(staging);
            String sha = sha256(tarball);
            Path sums = dir.resolve("SHA256SUMS");
            Files.writeString(sums, sha + "  " + tarball.getFileName() + "\n", StandardCharsets.UTF_8);
            return new EtcdReleaseTarball(version, tarball, sha, sums);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build etcd release tarball in " + dir, e);
        }
    }

    /** {@code 3.4.23} from {@code etcd --version}. */
    public static String installedVersion(Path etcd) {
        String out = run(List.of(etcd.toString(), "--version"));
        Matcher m = VERSION.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException(etcd + " --version printed no version: " + out);
        }
        return m.group(1);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", cmd) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
