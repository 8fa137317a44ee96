package org.gardenos.etcd;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.remote.ShellQuoting;

/**
 * The {@code ETCDCTL_*} variables that point {@code etcdctl} at the cluster with GardenOS's client certificate from
 * the state dir ({@code eval "$(gardenos etcd env)"; etcdctl endpoint health}). Only paths, never key material.
 *
 * @param variables in the order they are exported: {@code ETCDCTL_API}, {@code ETCDCTL_ENDPOINTS}, then with TLS
 *                  {@code ETCDCTL_CACERT}, {@code ETCDCTL_CERT}, {@code ETCDCTL_KEY}
 */
public record EtcdEnvironment(Map<String, String> variables) {
    public EtcdEnvironment {
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** The variables for {@code connection}'s endpoints and, with TLS, its CA and client certificate and key. */
    public static EtcdEnvironment of(EtcdConnection connection) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("ETCDCTL_API", "3");
        vars.put("ETCDCTL_ENDPOINTS", connection.endpoints().stream().map(URI::toString)
                .collect(Collectors.joining(",")));
        connection.tls().ifPresent(t -> {
            vars.put("ETCDCTL_CACERT", t.caCert().toString());
            vars.put("ETCDCTL_CERT", t.clientCert().toString());
            vars.put("ETCDCTL_KEY", t.clientKey().toString());
        });
        return new EtcdEnvironment(vars);
    }

    /** One {@code export NAME=VALUE} line per variable; values other than the API version are shell-quoted. */
    public String shellExports() {
        StringBuilder sb = new StringBuilder();
        variables.forEach((name, value) -> sb.append("export ").append(name).append('=')
                .append(name.equals("ETCDCTL_API") ? value : ShellQuoting.quote(value)).append('\n'));
        return sb.toString();
    }
}
