package org.gardenos.cli.sandbox;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.OutputFormat;
import org.gardenos.cli.output.Json;
import org.gardenos.cli.output.Table;
import org.gardenos.engine.RunOptions;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.Role;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.LocalMachine;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;
import org.gardenos.status.StatusReport;

/** What the sandbox commands share: the directory, the prerequisite check, status and tear-down. */
final class SandboxSupport {
    static final List<String> STATUS_LAYERS = List.of("base", "etcd", "k3s");

    private final CommandContext context;
    private final MachineProbe probe;
    private final PackageInstaller installer;

    @Inject
    SandboxSupport(CommandContext context, MachineProbe probe, PackageInstaller installer) {
        this.context = context;
        this.probe = probe;
        this.installer = installer;
    }

    /** {@code --state-dir}, else {@code ~/.gardenos/sandbox}; created 0700. */
    SandboxDir dir() {
        return new SandboxDir(StateDir.open(context.stateDir(SandboxDir.CLUSTER)).root());
    }

    /** Root and gardenos-nspawn's tools, installing missing Debian packages as root; else exit 1 naming what is missing. */
    void ensurePrerequisites() {
        SandboxPrerequisites found = probe.prerequisites();
        if (found.installable()) {
            PrintWriter err = context.io().err();
            err.println("installing Debian packages: " + String.join(" ", found.packagesToInstall()));
            err.flush();
            installer.install(found.packagesToInstall(), err);
            found = probe.prerequisites();
        }
        if (!found.satisfied()) {
            throw new GardenException(found.describe());
        }
    }

    int printStatus(SandboxDir dir) {
        boolean json = context.options().output() == OutputFormat.JSON;
        Optional<ProcessHandle> keeper = dir.keeper();
        if (keeper.isEmpty() || !dir.ready()) {
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("up", false);
                doc.put("hosts", List.of());
                context.io().out().println(Json.write(doc));
            } else {
                context.io().out().println("The sandbox is not up (start it with: gardenos sandbox up).");
            }
            context.io().out().flush();
            return ExitCode.FAILURE;
        }
        Inventory inventory = context.loadInventory(dir.inventory()).inventory();
        List<Map<String, Object>> hosts = new ArrayList<>();
        boolean allRunning = true;
        try (StatusProbe status = new StatusProbe(context.connectors().open(inventory, false))) {
            for (HostSpec host : inventory.hosts()) {
                String state = status.state(host);
                allRunning &= "running".equals(state) || "degraded".equals(state);
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("name", host.name());
                h.put("address", host.address());
                h.put("roles", host.roles().stream().map(Role::name).toList());
                h.put("state", state);
                hosts.add(h);
            }
        }
        List<StatusReport> layers = allRunning ? layerHealth(inventory) : List.of();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("up", allRunning);
            doc.put("inventory", dir.inventory().toString());
            doc.put("kubeconfig", dir.kubeconfig().toString());
            doc.put("kubernetes", SandboxKubernetes.STATUS_LINE);
            doc.put("hosts", hosts);
            doc.put("layers", layers.stream().map(r -> {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("layer", r.layer());
                l.put("health", r.health());
                l.put("summary", r.summary());
                return l;
            }).toList());
            context.io().out().println(Json.write(doc));
        } else {
            Table table = new Table("NAME", "ADDRESS", "ROLES", "STATE");
            hosts.forEach(h -> table.row(h.get("name"), h.get("address"),
                    String.join(",", castList(h.get("roles"))), h.get("state")));
            context.io().out().print(table.render());
            layers.forEach(r -> context.io().out().println(r.layer() + ": " + r.health() + " - " + r.summary()));
            context.io().out().println(SandboxKubernetes.STATUS_LINE + "; kubeconfig: " + dir.kubeconfig());
            context.io().out().println("Inventory: " + dir.inventory()
                    + " (try: gardenos -f " + dir.inventory() + " plan " + String.join(" ", SandboxUpCommand.LAYERS) + ")");
        }
        context.io().out().flush();
        return allRunning ? ExitCode.OK : ExitCode.FAILURE;
    }

    /**
     * What the layers' own probes say (not lb: its API servers would be K3s, which cannot run here); k3s's probe
     * reads the sandbox Kubernetes through the kubeconfig it left where the k3s layer keeps one.
     */
    private List<StatusReport> layerHealth(Inventory inventory) {
        try (GardenOS garden = context.open(inventory, false, RunOptions.DEFAULT_PARALLELISM)) {
            return garden.status(STATUS_LAYERS.toArray(String[]::new));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }

    int down(SandboxDir dir) {
        Optional<ProcessHandle> keeper = dir.keeper();
        if (keeper.isEmpty()) {
            dir.clear();
            List<String> removed = LocalMachine.isRoot() ? DebianHosts.cleanupLeftovers() : List.of();
            // a keeper that was killed leaves its hosts to the run registry: removed here, not at the next start
            context.io().err().println(removed.isEmpty() ? "The sandbox is not up: nothing to remove."
                    : "The sandbox is not up; removed what a stopped keeper left: " + String.join(", ", removed));
            context.io().err().flush();
            return ExitCode.OK;
        }
        ProcessHandle process = keeper.get();
        context.io().err().println("stopping the sandbox hosts (keeper pid " + process.pid() + ")");
        context.io().err().flush();
        process.destroy();
        try {
            process.onExit().get(3, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GardenException("interrupted while the sandbox hosts were stopping", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
        }
        if (LocalMachine.isRoot()) {
            // whatever a killed keeper could not remove (gardenos-nspawn tracks it by run)
            DebianHosts.cleanupLeftovers();
        }
        dir.clear();
        context.io().err().println("The sandbox hosts are removed.");
        context.io().err().flush();
        return ExitCode.OK;
    }

    /** Asks each host's systemd how it is; a host that cannot be reached says why. */
    private static final class StatusProbe implements AutoCloseable {
        private final RemoteHostConnector connector;

        StatusProbe(RemoteHostConnector connector) {
            this.connector = connector;
        }

        String state(HostSpec host) {
            try {
                RemoteHost remote = connector.connect(host);
                CommandResult r = remote.exec("systemctl is-system-running");
                String out = r.stdout().strip();
                return out.isEmpty() ? "unknown" : out;
            } catch (RuntimeException e) {
                return "unreachable";
            }
        }

        @Override
        public void close() {
            if (connector instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing connections of a status probe cannot change the status
                }
            }
        }
    }
}
