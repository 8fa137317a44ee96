package org.gardenos.resources;

/**
 * Whether a host is a container (systemd-nspawn, LXC, Docker, Podman), where the kernel is shared and some
 * changes (loading modules, swap, some sysctls) are the container host's business, not ours.
 */
public final class ContainerProbe {
    /** Where systemd, booted in a container, writes the container manager's name (it writes it only there). */
    static final String SYSTEMD_CONTAINER_FILE = "/run/systemd/container";

    /**
     * Prints {@code container=yes} or {@code container=no}; include it in a probe command. The shell's own test of
     * {@value #SYSTEMD_CONTAINER_FILE} comes first: it is what {@code systemd-detect-virt -c} reads too, and it spares
     * a container host the process (about 3 ms of its CPU: the binary loads libsystemd-shared) that a base probe
     * batch paid five times (docs/performance.md, "30 hosts: the hosts' CPU"). Elsewhere systemd-detect-virt decides.
     */
    public static final String SNIPPET = "if [ -s " + SYSTEMD_CONTAINER_FILE + " ] || systemd-detect-virt -cq 2>/dev/null"
            + " || [ -e /.dockerenv ] || [ -e /run/.containerenv ]; then echo container=yes; else echo container=no; fi";

    /** Bit of {@code CAP_SYS_ADMIN} in {@code /proc/PID/status} capability masks. */
    public static final int CAP_SYS_ADMIN = 21;

    /** Prints {@code capeff=<hex mask>}: the effective capabilities of the command's shell. */
    public static final String CAPABILITIES_SNIPPET =
            "echo \"capeff=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)\"";

    private ContainerProbe() {
    }

    public static boolean isContainer(ProbeOutput probe) {
        return "yes".equals(probe.getOrEmpty("container"));
    }

    /** Whether the {@code capeff} hex mask of the probe holds {@code capability} (false when unknown). */
    public static boolean hasCapability(ProbeOutput probe, int capability) {
        String mask = probe.getOrEmpty("capeff");
        if (mask.isEmpty()) {
            return false;
        }
        try {
            return new java.math.BigInteger(mask, 16).testBit(capability);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
