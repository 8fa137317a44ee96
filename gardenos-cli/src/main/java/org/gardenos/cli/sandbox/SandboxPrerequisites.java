package org.gardenos.cli.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this machine lacks to run the sandbox's hosts (systemd-nspawn containers in network namespaces): root, and
 * the testkit's commands. Pure: the facts come from {@link MachineProbe}.
 */
public record SandboxPrerequisites(boolean root, List<String> missingCommands, boolean debian) {
    /** The Debian package that provides each command the testkit runs. */
    static final Map<String, String> PACKAGE_OF = Map.of(
            "debootstrap", "debootstrap",
            "systemd-nspawn", "systemd-container",
            "ip", "iproute2",
            "nsenter", "util-linux",
            "mount", "mount",
            "umount", "mount",
            "chroot", "coreutils",
            "ssh-keygen", "openssh-client");

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
