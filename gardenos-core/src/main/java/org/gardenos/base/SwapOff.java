package org.gardenos.base;

import org.gardenos.remote.Probe;
import java.util.List;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.resources.ContainerProbe;
import org.gardenos.resources.ProbeOutput;

/**
 * No swap in use now. A container sees its host's swap in {@code /proc/swaps} and must never turn the host's swap
 * off: there it is a warning and counts as OK.
 */
final class SwapOff implements Resource {
    static final String PROBE = "echo \"swaps=$(tail -n +2 /proc/swaps | wc -l)\"; " + ContainerProbe.SNIPPET;

    @Override
    public String name() {
        return "swap:off";
    }

    @Override
    public List<Probe> probes() {
        return List.of(Probe.command(PROBE));
    }

    @Override
    public Change check(Target target) {
        ProbeOutput probe = ProbeOutput.parse(target.remote().exec(PROBE).requireOk().stdout());
        String swaps = probe.getOrEmpty("swaps");
        int active = swaps.matches("\\d+") ? Integer.parseInt(swaps) : 0;
        if (active == 0) {
            return Change.none();
        }
        if (ContainerProbe.isContainer(probe)) {
            target.warn(active + " swap device(s) active on the container's host; a container cannot turn them off: "
                    + "run `swapoff -a` on the host");
            return Change.none();
        }
        return Change.of(ChangeAction.SWAPOFF, active + " active swap device(s)");
    }

    @Override
    public void apply(Target target, Change change) {
        target.remote().exec("swapoff -a").requireOk();
    }
}
