package org.gardenos.resources;

import org.gardenos.remote.Probe;
import java.util.List;
import java.util.regex.Pattern;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.remote.CommandResult;

/**
 * A unit file in {@code /etc/systemd/system}, followed by {@code systemctl daemon-reload} when it changed (or when
 * systemd says it needs one). Starting and restarting is {@link ServiceRunning}'s job.
 */
public final class SystemdUnit implements Resource {
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9@._:-]+\\.(service|socket|timer|target|mount|path)");

    private final String unit;
    private final RemoteFile file;

    public SystemdUnit(String unit, String content) {
        if (!UNIT.matcher(unit).matches()) {
            throw new IllegalArgumentException("not a systemd unit name: " + unit);
        }
        this.unit = unit;
        this.file = RemoteFile.text("/etc/systemd/system/" + unit, content, 0644, "root:root");
    }

    public String path() {
        return file.path();
    }

    @Override
    public String name() {
        return "unit:" + unit;
    }

    /** The file probe and systemd's NeedDaemonReload, in one command. */
    String checkCommand() {
        return FileProbe.command(file.path())
                + " && echo \"reload=$(systemctl show -p NeedDaemonReload --value " + unit + " 2>/dev/null)\"";
    }

    @Override
    public List<Probe> probes() {
        return List.of(Probe.command(checkCommand()));
    }

    @Override
    public Change check(Target target) {
        CommandResult result = target.remote().exec(checkCommand());
        Change fileChange = file.compare(FileProbe.parse(file.path(), result));
        if (!fileChange.isNone()) {
            return fileChange;
        }
        boolean needsReload = "yes".equals(ProbeOutput.parse(result.stdout()).getOrEmpty("reload"));
        return needsReload ? Change.of(ChangeAction.DAEMON_RELOAD, "systemd has not loaded the current " + unit) : Change.none();
    }

    @Override
    public void apply(Target target, Change change) {
        if (change.action() != ChangeAction.DAEMON_RELOAD) {
            file.apply(target, change);
        }
        target.remote().exec("systemctl daemon-reload").requireOk();
    }
}
