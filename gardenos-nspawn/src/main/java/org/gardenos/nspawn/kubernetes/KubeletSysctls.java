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

    static void recordAndPreset(ClusterRecord record) {
        WANTED.forEach((name, value) -> {
            String original = MachineCommands.readSysctl(name);
            if (!original.equals(value)) {
                record.addSysctl(name, original);
            }
        });
    }
}
