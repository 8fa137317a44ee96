package org.gardenos.postgres.render;

import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gardenos.postgres.model.Credential;
import org.gardenos.postgres.model.PatroniCluster;
import org.gardenos.postgres.model.SecretValues;
import org.gardenos.postgres.settings.Flavor;

/**
 * The only objects that hold secret values: one {@code kubernetes.io/basic-auth} Secret per login, the etcd client
 * identity {@code patroni} (certificate, and its etcd login when it has one), the server certificate and, for Spilo, its configuration (it carries the REST API
 * password). Values come from {@link SecretValues}; nothing here logs them.
 */
final class SecretsRenderer {
    private SecretsRenderer() {
    }

    static List<V1Secret> render(PatroniCluster c, SecretValues values) {
        List<V1Secret> secrets = new ArrayList<>();
        for (Credential login : c.credentials()) {
            secrets.add(basicAuth(c, login, values.password(login.password().secret())));
        }
        if (c.etcd().tls().isPresent()) {
            SecretValues.Pem etcd = values.etcdClient();
            Map<String, byte[]> data = new LinkedHashMap<>();
            data.put("ca.crt", bytes(etcd.ca()));
            data.put("tls.crt", bytes(etcd.certificate()));
            data.put("tls.key", bytes(etcd.key()));
            secrets.add(secret(c, c.etcdClientSecret(), "Opaque", data));
        }
        c.etcd().login().ifPresent(login -> secrets.add(basicAuth(c, login, values.etcdPassword())));
        SecretValues.Pem server = values.serverCertificate();
        Map<String, byte[]> tls = new LinkedHashMap<>();
        tls.put("tls.crt", bytes(server.certificate()));
        tls.put("tls.key", bytes(server.key()));
        secrets.add(secret(c, c.serverTlsSecret(), "kubernetes.io/tls", tls));
        if (c.flavor() == Flavor.SPILO) {
            String configuration = PatroniConfig.yaml(PatroniConfig.spiloConfiguration(c,
                    values.password(c.restApi().password().secret())));
            secrets.add(secret(c, c.spiloConfigurationSecret(), "Opaque",
                    Map.of(SpiloEnvironment.SPILO_CONFIGURATION_KEY, bytes(configuration))));
        }
        return secrets;
    }

    private static V1Secret basicAuth(PatroniCluster c, Credential login, String password) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        data.put(Credential.USERNAME_KEY, bytes(login.username()));
        data.put(Credential.PASSWORD_KEY, bytes(password));
        return secret(c, login.password().secret(), "kubernetes.io/basic-auth", data);
    }

    private static V1Secret secret(PatroniCluster c, String name, String type, Map<String, byte[]> data) {
        return new V1Secret().apiVersion("v1").kind("Secret").metadata(Metadata.of(c, name)).type(type).data(data);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
