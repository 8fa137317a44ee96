package org.gardenos.remote.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.SshSettings;

/** Small helpers shared by the tests that talk to a {@link LoopbackSshd}. */
final class SshFixtures {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private SshFixtures() {
    }

    static SshSettings settings(LoopbackSshd sshd, Path key, Path knownHosts) {
        return new SshSettings("root", sshd.port(), key, knownHosts, CONNECT_TIMEOUT, COMMAND_TIMEOUT);
    }

    static HostSpec host(String name, String address) {
        return HostSpec.of(name, address, Role.of("etcd"));
    }

    /** A new client key of {@code type} (no passphrase unless given), authorized on {@code sshd}. */
    static Path authorizedKey(LoopbackSshd sshd, Path dir, String name, String type, String passphrase,
                              String... extra) throws IOException {
        Path key = LoopbackSshd.clientKey(dir, name, type, passphrase, extra);
        sshd.authorize(key.resolveSibling(name + ".pub"));
        return key;
    }

    /** A known_hosts file that trusts exactly {@code sshd}'s key of {@code type}, written as OpenSSH writes it. */
    static Path knownHostsTrusting(Path file, LoopbackSshd sshd, String type) throws IOException {
        Files.writeString(file, sshd.knownHostsLine(type) + "\n");
        return file;
    }

    /** Waits (at most 20 s) for something asynchronous, such as a log line of sshd, to be true. */
    static boolean eventually(BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** Waits until sshd logged more than {@code before} disconnects, so the login count is final. */
    static void awaitDisconnectsAbove(LoopbackSshd sshd, long before) {
        eventually(() -> sshd.disconnects() > before);
    }
}
