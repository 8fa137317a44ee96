package org.gardenos.base;

import java.util.List;
import org.gardenos.engine.Change;
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

    String probeCommand() {
        return "for m in " + String.join(" ", modules) + "; do if [ -d /sys/module/$m ]; then echo \"$m=loaded\"; "
                + "else echo \"$m=missing\"; fi; done; " + ContainerProbe.SNIPPET;
    }

    private List<String> missing(ProbeOutput probe) {
        return modules.stream().filter(m -> !"loaded".equals(probe.getOrEmpty(m))).toList();
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
        return Change.of("load", "modprobe " + String.join(" ", missing));
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
