package org.gardenos.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Reads the {@code ssh:} section. */
final class SshSection {
    static final String DEFAULT_USER = "root";
    static final int DEFAULT_PORT = 22;
    static final String DEFAULT_PRIVATE_KEY = "~/.ssh/id_ed25519";
    static final String DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts";
    static final String DEFAULT_CONNECT_TIMEOUT = "10s";
    static final String DEFAULT_COMMAND_TIMEOUT = "10m";

    private SshSection() {
    }

    static SshSettings parse(Section ssh, LocalPaths paths) {
        String user = ssh.string("user", DEFAULT_USER, Formats::unixUser);
        int port = ssh.port("port", DEFAULT_PORT);
        String keyText = ssh.string("privateKey").orElse(DEFAULT_PRIVATE_KEY);
        Path privateKey = ssh.string("privateKey", DEFAULT_PRIVATE_KEY, paths::resolve);
        String knownHostsText = ssh.string("knownHosts").orElse(DEFAULT_KNOWN_HOSTS);
        Path knownHosts = ssh.string("knownHosts", DEFAULT_KNOWN_HOSTS, paths::resolve);
        Duration connectTimeout = ssh.duration("connectTimeout", DEFAULT_CONNECT_TIMEOUT);
        Duration commandTimeout = ssh.duration("commandTimeout", DEFAULT_COMMAND_TIMEOUT);
        ssh.finish();

        Problems problems = ssh.problems();
        if (!problems.failed(ssh.pathOf("privateKey"))) {
            checkPrivateKey(problems, ssh.pathOf("privateKey"), keyText, privateKey);
        }
        if (!problems.failed(ssh.pathOf("knownHosts"))) {
            checkKnownHosts(problems, ssh.pathOf("knownHosts"), knownHostsText, knownHosts);
        }
        return new SshSettings(user, port, privateKey, knownHosts, connectTimeout, commandTimeout);
    }

    /**
     * A missing key is only a warning: {@code gardenos validate} must pass on a fresh clone of the example, and the
     * SSH layer fails clearly when it connects. A directory in its place is an error: that is never right.
     */
    private static void checkPrivateKey(Problems problems, KeyPath path, String text, Path key) {
        if (!Files.exists(key)) {
            problems.warn(path, LocalPaths.shown(text, key) + " does not exist; commands that connect will fail");
        } else if (!Files.isRegularFile(key)) {
            problems.error(path, LocalPaths.shown(text, key) + " is not a regular file");
        } else if (!Files.isReadable(key)) {
            problems.warn(path, LocalPaths.shown(text, key) + " is not readable; commands that connect will fail");
        }
    }

    /** known_hosts may be absent (--accept-new-host-keys creates it), but not a directory. */
    private static void checkKnownHosts(Problems problems, KeyPath path, String text, Path knownHosts) {
        Path parent = knownHosts.getParent();
        if (Files.exists(knownHosts)) {
            if (!Files.isRegularFile(knownHosts)) {
                problems.error(path, LocalPaths.shown(text, knownHosts) + " is not a regular file");
            }
        } else if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
            problems.error(path, LocalPaths.shown(text, knownHosts) + " cannot be created: " + parent + " is not a directory");
        } else if (parent != null && !Files.exists(parent)) {
            problems.warn(path, LocalPaths.shown(text, knownHosts) + " cannot be created: directory " + parent
                    + " does not exist; commands that connect will fail");
        }
    }
}
