package org.gardenos.resources;

import org.gardenos.remote.Probe;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.remote.ShellQuoting;

/**
 * A systemd service that is enabled and active, and restarted when the files it reads changed. "Changed" is by
 * content: the hash of the watched files is stored on the host after each (re)start
 * ({@code /var/lib/gardenos/restart-stamps/UNIT.sha256}) and compared on the next run, so a failed restart is
 * retried by the next run instead of being forgotten.
 */
public final class ServiceRunning implements Resource {
    static final String STAMP_DIR = "/var/lib/gardenos/restart-stamps";
    private static final Set<String> ENABLED = Set.of("enabled", "enabled-runtime", "static", "indirect", "generated",
            "alias");

    private final String unit;
    private final List<String> restartWhenChanged;

    public ServiceRunning(String unit) {
        this(unit, List.of());
    }

    /** @param restartWhenChanged absolute paths of the files whose content change requires a restart */
    public ServiceRunning(String unit, List<String> restartWhenChanged) {
        if (!unit.matches("[A-Za-z0-9@._:-]+")) {
            throw new IllegalArgumentException("not a systemd unit name: " + unit);
        }
        this.unit = unit;
        restartWhenChanged.forEach(Checks::absolutePath);
        this.restartWhenChanged = List.copyOf(restartWhenChanged);
    }

    @Override
    public String name() {
        return "service:" + unit;
    }

    String stampPath() {
        return STAMP_DIR + "/" + unit + ".sha256";
    }

    /**
     * Prints {@code UnitFileState=} (what {@code systemctl is-enabled} prints), {@code ActiveState=} (what
     * {@code is-active} prints) and, with watched files, inputs= (their combined hash) and stamp=. One
     * {@code systemctl show} answers both states: one process and one call to systemd instead of two (about 4 ms of
     * the host's CPU each; docs/performance.md, "hostcpu"), as time-sync asks its unit.
     */
    public String probeCommand() {
        StringBuilder cmd = new StringBuilder()
                .append("systemctl show -p UnitFileState -p ActiveState -- ").append(ShellQuoting.quote(unit))
                .append(" 2>/dev/null || true"); // no systemd answering is a unit neither enabled nor active, as before
        if (!restartWhenChanged.isEmpty()) {
            cmd.append("; echo \"inputs=$(sha256sum -- ").append(ShellQuoting.quoteAll(restartWhenChanged))
                    .append(" 2>&1 | sha256sum | cut -d' ' -f1)\"; echo \"stamp=$(cat ")
                    .append(ShellQuoting.quote(stampPath())).append(" 2>/dev/null)\"");
        }
        return cmd.toString();
    }

    /*
     * "reloading" is a running service between a reload request and its READY=1 (haproxy, a Type=notify unit,
     * stays there for a moment after `systemctl reload`): starting it again would be a spurious change.
     */
    private static final java.util.Set<String> RUNNING = java.util.Set.of("active", "reloading");

    private record State(boolean enabled, boolean active, String inputs, String stamp) {
        boolean inputsChanged() {
            return !inputs.equals(stamp);
        }
    }

    private State probe(Target target) {
        ProbeOutput out = ProbeOutput.parse(target.remote().exec(probeCommand()).requireOk().stdout());
        return new State(ENABLED.contains(out.getOrEmpty("UnitFileState")),
                RUNNING.contains(out.getOrEmpty("ActiveState")),
                out.getOrEmpty("inputs"), out.getOrEmpty("stamp"));
    }

    @Override
    public List<Probe> probes() {
        return List.of(Probe.command(probeCommand()));
    }

    @Override
    public Change check(Target target) {
        State state = probe(target);
        List<String> todo = new ArrayList<>();
        if (!state.enabled()) {
            todo.add("enable");
        }
        if (!state.active()) {
            todo.add("start");
        } else if (state.inputsChanged()) {
            todo.add("restart");
        }
        if (todo.isEmpty()) {
            return Change.none();
        }
        String detail = todo.contains("restart") ? unit + ": " + String.join(", ", restartWhenChanged)
                + " changed since its last (re)start" : unit;
        return Change.of(ChangeAction.ofWord(String.join("+", todo)).orElseThrow(), detail);
    }

    @Override
    public void apply(Target target, Change change) {
        State state = probe(target);
        if (!state.enabled()) {
            target.remote().exec("systemctl enable " + unit).requireOk();
        }
        if (!state.active()) {
            target.remote().exec("systemctl start " + unit).requireOk();
        } else if (state.inputsChanged()) {
            target.remote().exec("systemctl restart " + unit).requireOk();
        }
        if (state.inputsChanged()) { // remember what the running service has read
            String stamp = ShellQuoting.quote(stampPath());
            target.remote().exec("mkdir -p " + STAMP_DIR + " && printf '%s\\n' " + ShellQuoting.quote(state.inputs())
                    + " > " + stamp + ".tmp && mv " + stamp + ".tmp " + stamp).requireOk();
        }
    }
}
