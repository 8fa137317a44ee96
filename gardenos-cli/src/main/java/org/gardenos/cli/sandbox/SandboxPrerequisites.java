package org.gardenos.cli.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.gardenos.nspawn.DebianHosts;

/**
 * What this machine lacks to run the sandbox: root, gardenos-nspawn's commands (systemd-nspawn hosts in network
 * namespaces), Debian's etcd binaries, which become the etcd release the sandbox's hosts install (they reach no
 * network to download one), busybox-static for the Kubernetes node's images and, until Kubernetes is built once,
 * what its build needs. Pure: the facts come from {@link MachineProbe}.
 */
public record SandboxPrerequisites(boolean root, List<String> missingCommands, boolean debian) {
    /** The Debian package that provides each command gardenos-nspawn runs. */
    static final Map<String, String> PACKAGE_OF = Map.ofEntries(
            Map.entry("debootstrap", "debootstrap"),
            Map.entry("systemd-nspawn", "systemd-container"),
            Map.entry("ip", "iproute2"),
            Map.entry("nsenter", "util-linux"),
            Map.entry("mount", "mount"),
            Map.entry("umount", "mount"),
            Map.entry("chroot", "coreutils"),
            Map.entry("ssh-keygen", "openssh-client"),
            Map.entry("etcd", "etcd-server"),
            Map.entry("etcdctl", "etcd-client"),
            Map.entry("tar", "tar"),
            Map.entry("gzip", "gzip"),
            Map.entry("busybox", "busybox-static"),
            Map.entry("go", "golang-go"),
            Map.entry("rsync", "rsync"),
            Map.entry("jq", "jq"),
            Map.entry("make", "make"),
            Map.entry("gcc", "gcc"),
            Map.entry("dpkg-source", "dpkg-dev"),
            Map.entry("flock", "util-linux"));

    /** gardenos-nspawn's commands, Debian's etcd binaries, and what packs them into a release tarball. */
    public static final List<String> REQUIRED_COMMANDS = Stream.concat(DebianHosts.REQUIRED_COMMANDS.stream(),
            Stream.of("etcd", "etcdctl", "tar", "gzip", "busybox")).toList();
    /** What building Kubernetes from Debian's source needs (scripts/kubernetes.sh), while no build is cached. */
    public static final List<String> BUILD_COMMANDS = List.of("go", "rsync", "jq", "make", "gcc", "dpkg-source",
            "flock");

    public SandboxPrerequisites {
        missingCommands = List.copyOf(missingCommands);
    }

    public boolean satisfied() {
        return root && missingCommands.isEmpty();
    }

    /** Installing these (as root, with apt-get) provides every missing command. */
    public List<String> packagesToInstall() {
        Set<String> packages = new LinkedHashSet<>();
        for (String command : missingCommands) {
            packages.add(PACKAGE_OF.getOrDefault(command, command));
        }
        return List.copyOf(packages);
    }

    /** True when GardenOS can fix what is missing itself: root on Debian, only packages missing. */
    public boolean installable() {
        return root && debian && !missingCommands.isEmpty();
    }

    /** One line saying exactly what is missing and how to get it. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!root) {
            parts.add("not running as root (the sandbox creates systemd-nspawn containers and network namespaces:"
                    + " run it as root)");
        }
        if (!missingCommands.isEmpty()) {
            List<String> named = missingCommands.stream()
                    .map(c -> c + " (Debian package " + PACKAGE_OF.getOrDefault(c, c) + ")").toList();
            parts.add("missing commands: " + String.join(", ", named)
                    + (debian ? "; as root, `gardenos sandbox up` installs them with apt-get"
                              : "; install them with your system's package manager"));
        }
        return "the sandbox cannot run on this machine: " + String.join("; ", parts);
    }
}
