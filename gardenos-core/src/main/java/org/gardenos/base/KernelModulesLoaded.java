package org.gardenos.base;

import org.gardenos.remote.Probe;
import java.util.List;
import java.util.Set;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.resources.ContainerProbe;
import org.gardenos.resources.ProbeOutput;

/**
 * Kernel modules loaded now ({@code /etc/modules-load.d} covers reboots). A container shares its host's kernel
 * and must not load modules into it: missing modules there are a warning (load them on the container's host), and
 * count as OK.
 */
final class KernelModulesLoaded implements Resource {
    private static final Set<String> PRESENT = Set.of("loaded", "builtin");

    private final List<String> modules;

    KernelModulesLoaded(List<String> modules) {
        modules.forEach(m -> {
            if (!m.matches("[a-z0-9_-]+")) {
                throw new IllegalArgumentException("not a kernel module name: " + m);
            }
        });
        this.modules = List.copyOf(modules);
    }

    @Override
    public String name() {
        return "modules:" + String.join(",", modules);
    }

    /**
     * Prints {@code NAME=loaded}, {@code NAME=builtin} or {@code NAME=missing} per module. A module compiled into
     * the kernel has no {@code /sys/module} directory unless it has parameters (br_netfilter has none), so the
     * kernel's {@code modules.builtin} list is read too: otherwise a built-in module would be "loaded" with
     * modprobe on every run and never reported as done.
     */
    String probeCommand() {
        StringBuilder cmd = new StringBuilder("b=\"/lib/modules/$(uname -r)/modules.builtin\"; ");
        for (String m : modules) {
            // /sys/module names use '_'; modules.builtin holds file names, where '-' and '_' both occur
            cmd.append("if [ -d /sys/module/").append(m.replace('-', '_')).append(" ]; then echo '").append(m)
                    .append("=loaded'; elif grep -qs '/").append(m.replaceAll("[_-]", "[_-]")).append("\\.ko$' \"$b\"; ")
                    .append("then echo '").append(m).append("=builtin'; else echo '").append(m).append("=missing'; fi; ");
        }
        return cmd.append(ContainerProbe.SNIPPET).toString();
    }

    private List<String> missing(ProbeOutput probe) {
        return modules.stream().filter(m -> !PRESENT.contains(probe.getOrEmpty(m))).toList();
    }

    @Override
    public List<Probe> probes() {
        return List.of(Probe.command(probeCommand()));
    }

    @Override
    public Change check(Target target) {
        ProbeOutput probe = ProbeOutput.parse(target.remote().exec(probeCommand()).requireOk().stdout());
        List<String> missing = missing(probe);
        if (missing.isEmpty()) {
            return Change.none();
        }
        if (ContainerProbe.isContainer(probe)) {
            target.warn("kernel module(s) " + String.join(", ", missing) + " not loaded; a container cannot load them: "
                    + "run `modprobe " + String.join(" ", missing) + "` on the container's host");
            return Change.none();
        }
        return Change.of(ChangeAction.LOAD, "modprobe " + String.join(" ", missing));
    }

    @Override
    public void apply(Target target, Change change) {
        ProbeOutput probe = ProbeOutput.parse(target.remote().exec(probeCommand()).requireOk().stdout());
        List<String> missing = missing(probe);
        if (!missing.isEmpty()) {
            target.remote().exec("modprobe -a " + String.join(" ", missing)).requireOk();
        }
    }
}
