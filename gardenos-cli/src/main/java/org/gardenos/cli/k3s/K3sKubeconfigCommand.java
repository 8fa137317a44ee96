package org.gardenos.cli.k3s;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gardenos.GardenOS;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.HostKeyOption;
import org.gardenos.cli.command.OutputFormat;
import org.gardenos.cli.output.Json;
import org.gardenos.engine.RunOptions;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.K3sAccess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.gardenos.k3s.settings.K3sSection;

/**
 * {@code gardenos k3s kubeconfig [--merge]}: the admin kubeconfig kept in the state directory (fetched from the
 * first server when apply has not kept one yet). It holds a client key: it is printed on stdout only because the
 * user asked for it, and never logged; {@code --merge} writes it into the user's kubeconfig (mode 0600) instead.
 */
@Command(name = "kubeconfig", description = {
        "Print the cluster's admin kubeconfig (it holds credentials), or with --merge add it to your kubeconfig"
                + " ($KUBECONFIG's first file, else ~/.kube/config; mode 0600) as the context named after the"
                + " cluster.",
        "Taken from the state directory; fetched over SSH from the first server when it is not there yet.",
        "Exit 0 on success, 1 when it could not be fetched, 2 for bad input (e.g. a broken kubeconfig file)."})
final class K3sKubeconfigCommand implements Callable<Integer> {
    private final CommandContext context;

    @Option(names = "--merge",
            description = "Merge into $KUBECONFIG's first file (else ~/.kube/config) instead of printing; other"
                    + " contexts are kept, the current context changes only when there was none.")
    boolean merge;

    @Mixin
    HostKeyOption hostKeys = new HostKeyOption();

    @Inject
    K3sKubeconfigCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Inventory inventory = context.loadInventory().inventory();
        K3sAccess.checkAccess(inventory, context.stateDir(inventory.cluster()));
        try (GardenOS garden = context.open(inventory, hostKeys.acceptNew(), RunOptions.DEFAULT_PARALLELISM)) {
            K3sAccess access = garden.get(K3sAccess.class);
            K3sAccess.AdminKubeconfig admin = access.adminKubeconfig();
            admin.fetchedFrom().ifPresent(host -> {
                context.io().err().println("fetched the kubeconfig from " + host + " into " + admin.file()
                        + " (mode 0600)");
                context.io().err().flush();
            });
            print(merge ? Optional.of(access.merge(admin, userKubeconfig())) : Optional.empty(), admin);
        }
        return ExitCode.OK;
    }

    private void print(Optional<K3sAccess.MergedKubeconfig> merged, K3sAccess.AdminKubeconfig admin) {
        boolean json = context.options().output() == OutputFormat.JSON;
        Map<String, Object> doc = new LinkedHashMap<>();
        if (merged.isPresent()) {
            if (json) {
                doc.put("merged", true);
                doc.put("context", merged.get().context());
                doc.put("file", merged.get().file().toString());
                context.io().out().println(Json.write(doc));
            } else {
                context.io().out().printf("merged context '%s' into %s (mode 0600)%n", merged.get().context(),
                        merged.get().file());
            }
        } else if (json) {
            doc.put("cluster", admin.cluster());
            doc.put("kubeconfig", admin.yaml());
            context.io().out().println(Json.write(doc));
        } else {
            String yaml = admin.yaml();
            context.io().out().print(yaml.endsWith("\n") ? yaml : yaml + "\n");
        }
        context.io().out().flush();
    }

    /** {@code $KUBECONFIG}'s first entry when set (as kubectl writes there), else {@code ~/.kube/config}. */
    private Path userKubeconfig() {
        return K3sAccess.userKubeconfig(context.io().env("KUBECONFIG"), Path.of(System.getProperty("user.home")));
    }
}
