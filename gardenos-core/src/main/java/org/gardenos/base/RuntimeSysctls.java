package org.gardenos.base;

import org.gardenos.remote.Probe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.ResourceSkipped;
import org.gardenos.engine.Target;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.ShellQuoting;
import org.gardenos.resources.ContainerProbe;
import org.gardenos.resources.ProbeOutput;

/**
 * Kernel parameters in effect now ({@code /etc/sysctl.d} covers reboots), read and written through
 * {@code /proc/sys} so no sysctl binary is needed. In a container, a key that is read-only or absent (nspawn mounts
 * {@code /proc/sys} read-only; bridge keys exist only when the host loaded br_netfilter) is a warning and counts
 * as OK; on a real host it is a change, and a failure if it cannot be written.
 */
final class RuntimeSysctls implements Resource {
    private static final String MISSING = "<missing>";

    private final Map<String, String> settings;

    RuntimeSysctls(Map<String, String> settings) {
        settings.keySet().forEach(k -> {
            if (!k.matches("[a-z0-9_]+(\\.[a-z0-9_-]+)+")) {
                throw new IllegalArgumentException("not a sysctl key: " + k);
            }
        });
        this.settings = new LinkedHashMap<>(settings);
    }

    @Override
    public String name() {
        return "sysctl:runtime";
    }

    static String procPath(String key) {
        return "/proc/sys/" + key.replace('.', '/');
    }

    String probeCommand() {
        StringBuilder cmd = new StringBuilder();
        for (String key : settings.keySet()) {
            String p = procPath(key);
            cmd.append("if [ -e ").append(p).append(" ]; then echo \"value:").append(key).append("=$(cat ").append(p)
                    .append(")\"; else echo 'value:").append(key).append('=').append(MISSING).append("'; fi; ")
                    .append("if [ -w ").append(p).append(" ]; then echo 'writable:").append(key).append("=yes'; fi; ");
        }
        return cmd.append(ContainerProbe.SNIPPET).toString();
    }

    private record Drift(String key, String current, boolean writable) {
    }

    private List<Drift> drift(ProbeOutput probe) {
        List<Drift> drift = new ArrayList<>();
        settings.forEach((key, wanted) -> {
            String current = normalize(probe.getOrEmpty("value:" + key));
            if (!current.equals(normalize(wanted))) {
                drift.add(new Drift(key, current, "yes".equals(probe.getOrEmpty("writable:" + key))));
            }
        });
        return drift;
    }

    /** Multi-value keys print tab-separated: compare them word by word. */
    static String normalize(String value) {
        return String.join(" ", value.strip().split("\\s+"));
    }

    @Override
    public List<Probe> probes() {
        return List.of(Probe.command(probeCommand()));
    }

    @Override
    public Change check(Target target) {
        ProbeOutput probe = ProbeOutput.parse(target.remote().exec(probeCommand()).requireOk().stdout());
        boolean container = ContainerProbe.isContainer(probe);
        List<String> todo = new ArrayList<>();
        for (Drift d : drift(probe)) {
            if (container && !d.writable()) {
                target.warn(d.key() + " is " + d.current() + " and this container cannot set it to "
                        + settings.get(d.key()) + " (read-only or absent " + procPath(d.key())
                        + "); the container's host decides");
            } else {
                todo.add(d.key() + " " + d.current() + " -> " + settings.get(d.key()));
            }
        }
        return todo.isEmpty() ? Change.none() : Change.of(ChangeAction.SET, String.join(", ", todo));
    }

    @Override
    public void apply(Target target, Change change) {
        ProbeOutput probe = ProbeOutput.parse(target.remote().exec(probeCommand()).requireOk().stdout());
        boolean container = ContainerProbe.isContainer(probe);
        int written = 0;
        List<String> refused = new ArrayList<>();
        for (Drift d : drift(probe)) {
            if (container && !d.writable()) {
                continue; // reported by check
            }
            CommandResult result = target.remote().exec("printf '%s\\n' " + ShellQuoting.quote(settings.get(d.key()))
                    + " > " + procPath(d.key()));
            if (result.ok()) {
                written++;
            } else if (container) {
                refused.add(d.key() + " (" + result.stderr().strip() + ")");
            } else {
                result.requireOk();
            }
        }
        if (!refused.isEmpty()) {
            String message = "this container refused " + String.join(", ", refused) + "; the container's host decides";
            if (written == 0) {
                throw new ResourceSkipped(message);
            }
            target.warn(message);
        }
    }
}
