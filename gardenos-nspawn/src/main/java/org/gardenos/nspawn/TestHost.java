package org.gardenos.nspawn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.gardenos.remote.CommandResult;

/**
 * One Debian 12 host of a {@link DebianHosts} set: systemd and sshd in a {@code systemd-nspawn} container with its
 * own network namespace and address. Its disk is an overlay on the cached base image; {@link #stop()} keeps it.
 */
public final class TestHost {
    private static final Duration EXEC_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final int index;
    private final String address;
    private final RunRegistry.Run run;
    private final Path dir;
    private final WaitStrategy waitStrategy;
    private final Duration startupTimeout;
    private final Container container;
    private final Path baseImage;

    TestHost(String name, int index, String address, RunRegistry.Run run, Path baseImage, boolean kubernetesNode,
             WaitStrategy waitStrategy,
             Duration startupTimeout) {
        this.name = name;
        this.baseImage = baseImage;
        this.index = index;
        this.address = address;
        this.run = run;
        this.dir = run.hostsDir().resolve(name);
        this.waitStrategy = waitStrategy;
        this.startupTimeout = startupTimeout;
        this.container = new Container(HostNetwork.netns(run.id(), index), rootfs(), HostNetwork.netns(run.id(), index),
                dir.resolve("console.log"), kubernetesNode);
    }

    /** Inventory and host name, e.g. {@code node1}. */
    public String name() {
        return name;
    }

    /** IPv4 address on the test bridge, e.g. {@code 10.213.77.11}. */
    public String address() {
        return address;
    }

    /** The host's root file system as this machine sees it (the merged overlay); writable, live. */
    public Path rootfs() {
        return dir.resolve("merged");
    }

    /**
     * Runs {@code shellCommand} with {@code sh -c} as root inside the host (its mount, UTS, IPC, network and PID
     * namespaces), without SSH. Never throws for a non-zero exit: check {@link CommandResult#ok()}.
     */
    public CommandResult exec(String shellCommand) {
        return container.exec(name, shellCommand, null, EXEC_TIMEOUT);
    }

    /** As {@link #exec(String)}, with {@code stdin} fed to the command (how secrets reach it). */
    public CommandResult exec(String shellCommand, byte[] stdin) {
        return container.exec(name, shellCommand, stdin, EXEC_TIMEOUT);
    }

    public boolean isRunning() {
        return container.isRunning();
    }

    /** Powers the host off (orderly, killed after 30 s). Disk, address and host key stay for {@link #start()}. */
    public void stop() {
        container.stop(STOP_TIMEOUT);
    }

    /** Boots the host again (same disk, address and host key) and waits until it is ready. */
    public void start() {
        if (isRunning()) {
            return;
        }
        container.start();
        waitStrategy.waitUntilReady(this, startupTimeout);
    }

    /**
     * Adds a route to {@code subnet} via {@code gateway} on the test bridge (set from this machine, in the host's
     * network namespace), e.g. a Kubernetes node's pod subnet via that node, so pods can talk to this host.
     */
    public void addRoute(String subnet, String gateway) {
        HostNetwork.addRoute(run.id(), index, subnet, gateway);
    }

    /** Unplugs the host from the bridge: SSH and every other connection to or from it time out. */
    public void cutNetwork() {
        HostNetwork.cut(run.id(), index);
    }

    /** Plugs the host back in after {@link #cutNetwork()}. */
    public void restoreNetwork() {
        HostNetwork.restore(run.id(), index);
    }

    /**
     * Gives sshd a new host key and restarts it, as a reinstalled server would. The set's known_hosts file keeps the
     * old key, so verifying clients now refuse the host; {@link DebianHosts#writeKnownHosts()} accepts the new key.
     *
     * @return the new public key, {@code ssh-ed25519 AAAA...}
     */
    public String regenerateHostKey() {
        String key = DebianHostFiles.installNewHostKey(rootfs(), run.dir(), name);
        if (isRunning()) {
            exec("systemctl restart ssh.service").requireOk();
            new SshPortOpen().waitUntilReady(this, startupTimeout);
        }
        return key;
    }

    /** The host's current sshd public key, {@code ssh-ed25519 AAAA...}. */
    public String hostKey() {
        return DebianHostFiles.currentHostKey(rootfs());
    }

    @Override
    public String toString() {
        return name + " (" + address + ")";
    }

    /** Disk, identity and network of a new host: overlay mounted, files written, namespace and veth created. */
    void create(Map<String, String> peers, String authorizedKey) {
        try {
            Files.createDirectories(dir.resolve("upper"));
            Files.createDirectories(dir.resolve("work"));
            Files.createDirectories(rootfs());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the disk of " + name + ": " + e.getMessage(), e);
        }
        Mounts.mountOverlay(baseImage, dir.resolve("upper"), dir.resolve("work"), rootfs());
        DebianHostFiles.writeIdentity(rootfs(), name, peers, authorizedKey);
        DebianHostFiles.installNewHostKey(rootfs(), run.dir(), name);
        HostNetwork.createHostLink(run.id(), index, address);
    }

    /** Starts the container without waiting (the set waits for all hosts in parallel). */
    void boot() {
        container.start();
    }

    void waitUntilReady() {
        waitStrategy.waitUntilReady(this, startupTimeout);
    }

    /** Stops the container and removes namespace, veth, mount and disk. */
    void destroy() {
        container.stop(STOP_TIMEOUT);
        RuntimeException failure = null;
        try {
            HostNetwork.deleteHostLink(run.id(), index);
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            for (Path mount : Mounts.under(dir)) {
                Mounts.unmount(mount);
            }
            HostFiles.deleteTree(dir);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Console tail of the container, appended to failure messages. */
    String diagnostics() {
        return container.consoleTail();
    }
}
