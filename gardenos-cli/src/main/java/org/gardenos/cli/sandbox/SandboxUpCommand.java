package org.gardenos.cli.sandbox;

import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gardenos.error.GardenException;
import org.gardenos.cli.command.ApplyRunner;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import picocli.CommandLine.Command;

/**
 * {@code gardenos sandbox up}: makes sure the machine can run test hosts (installing the Debian packages when root),
 * starts three hosts in the background (or finds them running), converges them with the layers that can run here ({@link #LAYERS}), prints status.
 */
@Command(name = "up", description = {
        "Start three Debian hosts on this machine, write their inventory, apply the layers base, etcd and lb,"
                + " print their status.",
        "Needs root; as root on Debian, installs missing tools (debootstrap, systemd-container, iproute2)."})
final class SandboxUpCommand implements Callable<Integer> {
    /**
     * The layers that can run on this machine's hosts. Not k3s: no K3s binary can run here (the k3s layer's tests
     * use a stand-in), so the sandbox stops at the load balancer in front of where the API servers would be.
     */
    static final List<String> LAYERS = List.of("base", "etcd", "lb");

    private final CommandContext context;
    private final SandboxSupport support;

    @Inject
    SandboxUpCommand(CommandContext context, SandboxSupport support) {
        this.context = context;
        this.support = support;
    }

    @Override
    public Integer call() {
        support.ensurePrerequisites();
        SandboxDir dir = support.dir();
        Optional<ProcessHandle> running = dir.keeper();
        if (running.isPresent() && dir.ready()) {
            context.io().err().println("sandbox already up (keeper pid " + running.get().pid() + ")");
        } else {
            running.ifPresent(ProcessHandle::destroy);
            dir.clear();
            context.io().err().println("starting " + SandboxKeeper.HOSTS + " Debian hosts (the first run builds a"
                    + " base image with debootstrap: a few minutes); log: " + dir.logFile());
            context.io().err().flush();
            ProcessHandle keeper = KeeperLauncher.start(dir);
            KeeperLauncher.awaitReady(dir, keeper);
            context.io().err().println("hosts are up; inventory: " + dir.inventory());
        }
        context.io().err().flush();
        Inventory inventory = context.loadInventory(dir.inventory()).inventory();
        int applied = ApplyRunner.apply(context, inventory, false, RunOptions.DEFAULT_PARALLELISM,
                LAYERS.toArray(String[]::new));
        int status = support.printStatus(dir);
        if (applied != ExitCode.OK) {
            return applied;
        }
        if (status != ExitCode.OK) {
            throw new GardenException("the sandbox hosts are not all running after apply; see " + dir.logFile());
        }
        return ExitCode.OK;
    }
}
