package org.gardenos.postgres.render;

import io.kubernetes.client.openapi.models.V1EnvVar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gardenos.postgres.model.PatroniCluster;
import org.gardenos.postgres.model.SecretKeyRef;

/**
 * The patroni flavor's environment and start: what differs per pod (name, addresses) and the user names, with
 * Patroni's documented names (docs/ENVIRONMENT.rst of patroni/patroni); values set this way win over patroni.yml,
 * which therefore holds no secret. {@code $(POD_IP)} is expanded by the kubelet from the variable defined before it.
 *
 * <p>The passwords are NOT in the container's spec: whatever the spec holds (a {@code secretKeyRef} environment
 * variable is resolved by the kubelet into it) containerd keeps in its metadata database, mode 0644 on every node.
 * They are files of a projected Secret volume instead, and the ConfigMap's launcher ({@value #LAUNCHER}, run by
 * {@code sh}) exports Patroni's password variables from them and {@code exec}s Patroni: the values then live only in
 * the Patroni process's environment ({@code /proc/PID/environ}, 0400 to its owner). Patroni 3.0 has no native way to
 * read a password from a file.
 */
public final class PatroniEnvironment {
    /** The launcher's name in the ConfigMap. */
    public static final String LAUNCHER = "start-patroni.sh";
    /** The etcd login's password in the password volume. */
    static final String ETCD_PASSWORD_FILE = "etcd";

    private PatroniEnvironment() {
    }

    public static List<V1EnvVar> env(PatroniCluster c) {
        List<V1EnvVar> env = new ArrayList<>();
        env.add(EnvVars.field("POD_IP", "status.podIP"));
        env.add(EnvVars.field("POD_NAMESPACE", "metadata.namespace"));
        env.add(EnvVars.field("PATRONI_NAME", "metadata.name"));
        env.add(EnvVars.literal("PATRONI_RESTAPI_CONNECT_ADDRESS", "$(POD_IP):" + PatroniCluster.REST_API_PORT));
        env.add(EnvVars.literal("PATRONI_POSTGRESQL_CONNECT_ADDRESS", "$(POD_IP):" + PatroniCluster.POSTGRES_PORT));
        env.add(EnvVars.literal("PATRONI_SUPERUSER_USERNAME", c.superuser().username()));
        env.add(EnvVars.literal("PATRONI_REWIND_USERNAME", c.superuser().username()));
        env.add(EnvVars.literal("PATRONI_REPLICATION_USERNAME", c.replication().username()));
        env.add(EnvVars.literal("PATRONI_RESTAPI_USERNAME", c.restApi().username()));
        return env;
    }

    /** The container's command: the launcher, by {@code sh} (a ConfigMap file has no execute bit unless asked). */
    public static List<String> command(PatroniCluster c) {
        return List.of("sh", c.layout().configFileDirectory() + "/" + LAUNCHER);
    }

    /** File name in the password volume → the Secret key it comes from, in the launcher's order. */
    public static Map<String, SecretKeyRef> passwordFiles(PatroniCluster c) {
        Map<String, SecretKeyRef> files = new LinkedHashMap<>();
        files.put("superuser", c.superuser().password());
        files.put("replication", c.replication().password());
        files.put("restapi", c.restApi().password());
        c.etcd().login().ifPresent(login -> files.put(ETCD_PASSWORD_FILE, login.password()));
        return files;
    }

    /**
     * The launcher: every password variable from its file ({@code $(cat FILE)}: the file's path is the only
     * argument any process sees), then Patroni in its place, so signals reach Patroni directly. {@code set -eu}: a
     * missing or unreadable file stops the start with the shell's one-line error instead of an empty password.
     */
    public static String launcherScript(PatroniCluster c) {
        String dir = c.layout().passwordDirectory();
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n");
        s.append("# Rendered by GardenOS: Patroni's passwords come from files, never from the container's spec.\n");
        s.append("set -eu\n");
        s.append(export("PATRONI_SUPERUSER_PASSWORD", dir, "superuser"));
        s.append(export("PATRONI_REWIND_PASSWORD", dir, "superuser"));
        s.append(export("PATRONI_REPLICATION_PASSWORD", dir, "replication"));
        s.append(export("PATRONI_RESTAPI_PASSWORD", dir, "restapi"));
        if (c.etcd().login().isPresent()) {
            // Patroni 3.0 (config.py, _build_environment_configuration) applies PATRONI_ETCD3_PASSWORD to etcd3 only
            // when another PATRONI_ETCD3_<setting> creates that section; alone, it would be read as the password of
            // a bootstrap user named ETCD3. PROTOCOL repeats patroni.yml's value.
            s.append("PATRONI_ETCD3_PROTOCOL=").append(c.etcd().protocol()).append("\nexport PATRONI_ETCD3_PROTOCOL\n");
            s.append(export("PATRONI_ETCD3_PASSWORD", dir, ETCD_PASSWORD_FILE));
        }
        s.append("exec patroni ").append(c.layout().configFileDirectory()).append('/').append(PatroniConfig.FILE)
                .append('\n');
        return s.toString();
    }

    private static String export(String variable, String dir, String file) {
        return variable + "=\"$(cat " + dir + "/" + file + ")\"\nexport " + variable + "\n";
    }
}
