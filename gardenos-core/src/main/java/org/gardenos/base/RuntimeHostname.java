package org.gardenos.base;

import org.gardenos.remote.Probe;
import java.util.List;
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
 * The kernel's hostname right now ({@code /etc/hostname} is a separate {@code RemoteFile} and covers reboots).
 * A container without {@code CAP_SYS_ADMIN} cannot change it: that is a warning and counts as OK, so a second
 * run does not report it again as a change.
 */
final class RuntimeHostname implements Resource {
    static final String PROBE = "echo \"hostname=$(cat /proc/sys/kernel/hostname)\"; " + ContainerProbe.SNIPPET
            + "; " + ContainerProbe.CAPABILITIES_SNIPPET;

    private final String hostname;

    RuntimeHostname(String hostname) {
        this.hostname = hostname;
    }

    @Override
    public String name() {
        return "hostname:" + hostname;
    }

    @Override
    public List<Probe> probes() {
        return List.of(Probe.command(PROBE));
    }

    @Override
    public Change check(Target target) {
        ProbeOutput probe = ProbeOutput.parse(target.remote().exec(PROBE).requireOk().stdout());
        String current = probe.getOrEmpty("hostname");
        if (current.equals(hostname)) {
            return Change.none();
        }
        if (ContainerProbe.isContainer(probe) && !ContainerProbe.hasCapability(probe, ContainerProbe.CAP_SYS_ADMIN)) {
            target.warn("runtime hostname is '" + current + "' and this container may not change it (no CAP_SYS_ADMIN); "
                    + "/etc/hostname says '" + hostname + "' for its next start");
            return Change.none();
        }
        return Change.of(ChangeAction.SET, "runtime hostname '" + current + "' -> '" + hostname + "'");
    }

    @Override
    public void apply(Target target, Change change) {
        CommandResult result = target.remote().exec("hostname " + ShellQuoting.quote(hostname));
        if (!result.ok()) {
            ProbeOutput probe = ProbeOutput.parse(target.remote().exec(ContainerProbe.SNIPPET).stdout());
            if (ContainerProbe.isContainer(probe)) {
                throw new ResourceSkipped("this container refused the runtime hostname change (" + result.stderr().strip()
                        + "); /etc/hostname says '" + hostname + "' for its next start");
            }
            result.requireOk();
        }
    }
}
