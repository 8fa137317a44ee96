package org.gardenos.nspawn.kubernetes;

import java.util.Map;

/**
 * Kernel settings kubelet insists on at start (it writes them when they differ, and fails when it cannot). They are
 * not namespaced: a kubelet in an nspawn host changes them for the whole machine. The testkit records the machine's
 * values first and puts them back when the cluster closes (or at the next start after a killed run).
 */
public final class KubeletSysctls {
    /** What kubelet 1.20 sets (pkg/kubelet/cm: setupKernelTunables). */
    public static final Map<String, String> WANTED = Map.of("vm.overcommit_memory", "1", "vm.panic_on_oom", "0",
            "kernel.panic", "10", "kernel.panic_on_oops", "1", "kernel.keys.root_maxkeys", "1000000",
            "kernel.keys.root_maxbytes", "25000000");

    private KubeletSysctls() {
    }

    /**
     * Below these, runc cannot start any container ("unable to join session keyring: disk quota exceeded"): they are
     * the kernel's defaults for users other than root, and root's own defaults are far higher.
     */
    static final Map<String, Long> KEY_QUOTA_FLOORS = Map.of("kernel.keys.root_maxkeys", 200L,
            "kernel.keys.root_maxbytes", 20_000L);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KubeletSysctls.class);

    static void recordAndPreset(ClusterRecord record) {
        WANTED.forEach((name, value) -> {
            String original = MachineCommands.readSysctl(name);
            if (original.equals(value)) {
                return;
            }
            if (unusable(name, original)) {
                // Seen on the build machine: a reader bug (see MachineCommands.readSysctl) recorded 1 and 2 as the
                // originals and every close put them back, so every later container failed. A machine left like that
                // is mended, not restored.
                LOG.warn("{} is {} before the cluster starts, too low for any container; it is left at kubelet's {}"
                        + " when the cluster closes", name, original, value);
                return;
            }
            record.addSysctl(name, original);
        });
    }

    static boolean unusable(String name, String value) {
        Long floor = KEY_QUOTA_FLOORS.get(name);
        if (floor == null) {
            return false;
        }
        try {
            return Long.parseLong(value) < floor;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
