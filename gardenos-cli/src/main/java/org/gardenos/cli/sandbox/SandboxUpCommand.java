package org.gardenos.cli.sandbox;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gardenos.error.GardenException;
import org.gardenos.cli.command.ApplyRunner;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import org.gardenos.nspawn.kubernetes.KubernetesBinaries;
import org.gardenos.nspawn.kubernetes.KubernetesBuild;
import picocli.CommandLine.Command;

/**
 * {@code gardenos sandbox up}: makes sure the machine can run test hosts (installing the Debian packages when root),
 * starts three hosts in the background (or finds them running), converges them with the layers that can run here ({@link #LAYERS}), prints status.
 */
@Command(name = "up", description = {
        "Start three Debian hosts on this machine, write their inventory, apply the layers base, etcd and lb,"
                + " print their status.",
        "Also starts a Kubernetes 1.20 built from Debian's source (control plane here, one node in its own host)"
                + " in place of the k3s layer, and writes its kubeconfig to the sandbox directory.",
        "Needs root; as root on Debian, installs missing tools (debootstrap, systemd-container, iproute2)."})
final class SandboxUpCommand implements Callable<Integer> {
    /**
     * The layers that can run on this machine's hosts. Not k3s: no K3s binary can run here, so the sandbox runs
     * {@link SandboxKubernetes} in its place (its kubeconfig where the k3s layer keeps one).
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
        buildKubernetes();
        Optional<ProcessHandle> running = dir.keeper();
        if (running.isPresent() && dir.ready()) {
            context.io().err().println("sandbox already up (keeper pid " + running.get().pid() + ")");
        } else {
            running.ifPresent(ProcessHandle::destroy);
            dir.clear();
            context.io().err().println("starting " + SandboxKeeper.HOSTS + " Debian hosts and a Kubernetes with one"
                    + " node (the first run builds base images and the Patroni image with debootstrap: several"
                    + " minutes); log: " + dir.logFile());
            context.io().err().flush();
            ProcessHandle keeper = KeeperLauncher.start(dir);
            KeeperLauncher.awaitReady(dir, keeper, context.io().err());
            context.io().err().println("hosts are up; inventory: " + dir.inventory());
            context.io().err().println("Kubernetes is up (node " + SandboxKubernetes.NODE + "); kubeconfig: "
                    + dir.kubeconfig() + " (try: kubectl --kubeconfig " + dir.kubeconfig() + " get nodes)");
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

    /** The first run on a machine builds Kubernetes from Debian's source package; says so, and how long it took. */
    private void buildKubernetes() {
        KubernetesBinaries binaries = KubernetesBinaries.locate();
        if (binaries.missing().isEmpty()) {
            return;
        }
        PrintWriter err = context.io().err();
        err.println("building Kubernetes from Debian's source package (only the first run on this machine: several"
                + " minutes on 2 cores)");
        err.flush();
        KubernetesBuild.Result built = KubernetesBuild.ensure(binaries, line -> {
            err.println(line);
            err.flush();
        });
        err.println("built Kubernetes (" + built.binaries().sourceVersion() + ") in " + built.took().toSeconds()
                + " s: " + built.binaries().directory());
        err.flush();
    }
}
