package org.gardenos.cli.etcd;

import jakarta.inject.Inject;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.gardenos.cli.command.CommandContext;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.OutputFormat;
import org.gardenos.cli.output.Json;
import org.gardenos.etcd.EtcdEnv;
import org.gardenos.etcd.client.EtcdConnection;
import picocli.CommandLine.Command;

/**
 * {@code gardenos etcd env}: shell exports for {@code etcdctl} ({@code eval "$(gardenos etcd env)"}). Only paths
 * into the state directory are printed, never key material. Connects to nothing.
 */
@Command(name = "env", description = {
        "Print shell exports that point etcdctl at the cluster: eval \"$(gardenos etcd env)\".",
        "Only certificate and key paths are printed, never key material. Connects to nothing."})
final class EtcdEnvCommand implements Callable<Integer> {
    private final CommandContext context;

    @Inject
    EtcdEnvCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        EtcdAccess access = EtcdAccess.of(context);
        if (context.options().output() == OutputFormat.JSON) {
            context.io().out().println(Json.write(variables(access.connection())));
        } else {
            context.io().out().print(EtcdEnv.render(access.inventory(), access.state()));
        }
        context.io().out().flush();
        return ExitCode.OK;
    }

    /** The same variables as a JSON object: {@code {"ETCDCTL_API": "3", "ETCDCTL_ENDPOINTS": ..., ...}}. */
    static Map<String, String> variables(EtcdConnection connection) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("ETCDCTL_API", "3");
        vars.put("ETCDCTL_ENDPOINTS", connection.endpoints().stream().map(URI::toString)
                .collect(Collectors.joining(",")));
        connection.tls().ifPresent(t -> {
            vars.put("ETCDCTL_CACERT", t.caCert().toString());
            vars.put("ETCDCTL_CERT", t.clientCert().toString());
            vars.put("ETCDCTL_KEY", t.clientKey().toString());
        });
        return vars;
    }
}
