package org.gardenos.cli.k3s;

import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gardenos.error.InputException;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.HostKeyOption;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.OutputFormat;
import org.gardenos.cli.output.Json;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.k3s.Kubeconfig;
import org.gardenos.k3s.KubeconfigFetcher;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;
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
        Path dir = context.stateDir(inventory.cluster());
        Path kept = dir.resolve(KubeconfigFetcher.STATE_FILE);
        if (!Files.isRegularFile(kept)) {
            kept = fetch(inventory, dir);
        }
        String kubeconfig = read(kept);
        boolean json = context.options().output() == OutputFormat.JSON;
        if (merge) {
            Path target = userKubeconfig();
            Kubeconfig.mergeInto(target, kubeconfig, inventory.cluster(), false);
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("merged", true);
                doc.put("context", inventory.cluster());
                doc.put("file", target.toString());
                context.io().out().println(Json.write(doc));
            } else {
                context.io().out().printf("merged context '%s' into %s (mode 0600)%n", inventory.cluster(), target);
            }
        } else if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("cluster", inventory.cluster());
            doc.put("kubeconfig", kubeconfig);
            context.io().out().println(Json.write(doc));
        } else {
            context.io().out().print(kubeconfig.endsWith("\n") ? kubeconfig : kubeconfig + "\n");
        }
        context.io().out().flush();
        return ExitCode.OK;
    }

    /** From the first server, as apply's KubeconfigInState does; kept 0600 in the state directory. */
    private Path fetch(Inventory inventory, Path dir) {
        List<HostSpec> servers = inventory.hostsWith(K3sSection.SERVER);
        if (servers.isEmpty()) {
            throw new InputException(inventory.file() + ": no host has the role 'server', so there is no K3s"
                    + " kubeconfig to fetch");
        }
        HostSpec first = servers.get(0);
        RemoteHostConnector connector = context.connectors().open(inventory, hostKeys.acceptNew());
        try {
            Path path = KubeconfigFetcher.fetch(connector.connect(first), inventory, StateDir.open(dir));
            context.io().err().println("fetched the kubeconfig from " + first.name() + " into " + path + " (mode 0600)");
            context.io().err().flush();
            return path;
        } finally {
            if (connector instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    context.io().err().println("warning: closing SSH connections: " + e.getMessage());
                }
            }
        }
    }

    /** {@code $KUBECONFIG}'s first entry when set (as kubectl writes there), else {@code ~/.kube/config}. */
    private Path userKubeconfig() {
        Optional<String> first = context.io().env("KUBECONFIG").flatMap(v -> Arrays.stream(v.split(File.pathSeparator))
                .map(String::strip).filter(s -> !s.isEmpty()).findFirst());
        return first.map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".kube", "config"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
