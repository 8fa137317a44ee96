package org.gardenos.nspawn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The files that make one host itself, written into its overlay (through the merged view) before it boots:
 * hostname, /etc/hosts, machine id, sshd host key, and the run's public key for root and the sudo user.
 */
final class DebianHostFiles {
    /** The non-root user with password-less sudo, for tests of the {@code sudo -n} path. */
    static final String SUDO_USER = "gardenos";
    static final String HOST_KEY = "/etc/ssh/ssh_host_ed25519_key";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DebianHostFiles() {
    }

    /**
     * Writes the identity files of host {@code name}. {@code peers} maps every host name of the run to its address
     * (the host's own included), so hosts find each other by name without DNS.
     */
    static void writeIdentity(Path rootfs, String name, Map<String, String> peers, String authorizedKey) {
        write(rootfs, "etc/hostname", name + "\n", "rw-r--r--");
        write(rootfs, "etc/hosts", hostsFile(peers), "rw-r--r--");
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        write(rootfs, "etc/machine-id", HexFormat.of().formatHex(id) + "\n", "r--r--r--");

        String keys = authorizedKey + " gardenos-testkit\n";
        HostFiles.directory(rootfs.resolve("root/.ssh"), "rwx------", 0, 0);
        HostFiles.write(rootfs.resolve("root/.ssh/authorized_keys"), bytes(keys), "rw-------");
        int[] ids = userIds(rootfs, SUDO_USER);
        Path home = rootfs.resolve("home/" + SUDO_USER);
        HostFiles.directory(home.resolve(".ssh"), "rwx------", ids[0], ids[1]);
        HostFiles.write(home.resolve(".ssh/authorized_keys"), bytes(keys), "rw-------", ids[0], ids[1]);
    }

    /** The {@code /etc/hosts} content: loopback, then every host of the run by name. */
    static String hostsFile(Map<String, String> peers) {
        StringBuilder b = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        peers.forEach((name, address) -> b.append(address).append('\t').append(name).append('\n'));
        return b.toString();
    }

    /**
     * Generates a fresh sshd host key for {@code name} (in {@code scratch}, a directory of the run) and installs it
     * in the host: private 0600, public 0644. Returns the public key ({@code ssh-ed25519 AAAA...}).
     */
    static String installNewHostKey(Path rootfs, Path scratch, String name) {
        Path key = scratch.resolve("hostkey-" + name);
        SshKeys.generate(key, "root@" + name);
        try {
            HostFiles.write(rootfs.resolve(HOST_KEY.substring(1)), Files.readAllBytes(key), "rw-------");
            HostFiles.write(rootfs.resolve(HOST_KEY.substring(1) + ".pub"),
                    Files.readAllBytes(SshKeys.publicKeyOf(key)), "rw-r--r--");
            return SshKeys.publicKey(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the host key of " + name + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(key); // the private host key lives only inside the host
                Files.deleteIfExists(SshKeys.publicKeyOf(key));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + key + ": " + e.getMessage(), e);
            }
        }
    }

    /** The host's current public host key, read from its root file system. */
    static String currentHostKey(Path rootfs) {
        try {
            String[] parts = Files.readString(rootfs.resolve(HOST_KEY.substring(1) + ".pub")).strip().split("\\s+");
            return parts[0] + " " + parts[1];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the host key in " + rootfs + ": " + e.getMessage(), e);
        }
    }

    /** uid and gid of {@code user} in the host's own /etc/passwd (they need not match this machine's). */
    static int[] userIds(Path rootfs, String user) {
        try {
            for (String line : Files.readAllLines(rootfs.resolve("etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 3 && f[0].equals(user)) {
                    return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + rootfs + "/etc/passwd: " + e.getMessage(), e);
        }
        throw new NspawnException("user " + user + " is missing from " + rootfs + "/etc/passwd");
    }

    private static void write(Path rootfs, String relative, String content, String perms) {
        HostFiles.write(rootfs.resolve(relative), bytes(content), perms);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
