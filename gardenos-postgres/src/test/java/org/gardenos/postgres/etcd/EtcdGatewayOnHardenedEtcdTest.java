package org.gardenos.postgres.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.etcd.access.EtcdPasswords;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.support.HardenedEtcd;
import org.gardenos.pki.EtcdClientCredentials.ClientFiles;
import org.gardenos.pki.EtcdClientCredentials.ClientLogin;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EtcdGateway} (validate, switchover) against a real etcd hardened as {@code apply etcd} hardens it (Debian's
 * 3.4.23, TLS with client-certificate authentication, the etcd layer's access policy and auth on): with the patroni
 * certificate (no CN) and a token from the patroni user's kept password it reads and writes {@code /service/}, and
 * only there; without the login, or with a certificate that has a CN, the gateway refuses.
 */
class EtcdGatewayOnHardenedEtcdTest {
    @TempDir
    static Path dir;
    static HardenedEtcd etcd;
    static List<String> endpoints;
    static StateDir state;

    @BeforeAll
    static void start() {
        state = StateDir.open(dir.resolve("state"));
        etcd = HardenedEtcd.start(state, 1);
        endpoints = etcd.endpoints().stream().map(u -> u.toString().replaceFirst("/+$", "")).toList();
    }

    @AfterAll
    static void stop() {
        if (etcd != null) {
            etcd.close();
        }
    }

    static ClientFiles files(String client) {
        EtcdPki.CertFiles c = etcd.pki().client(client);
        return new ClientFiles(etcd.pki().caCert(), c.cert(), c.key());
    }

    static Optional<ClientLogin> patroni() {
        return Optional.of(new ClientLogin("patroni", new EtcdPasswords(state).kept("patroni").orElseThrow()));
    }

    @Test
    void withThePatroniCertificateAndItsTokenTheGatewayReadsAndWritesPatronisPrefixOnly() throws Exception {
        EtcdGateway.put(endpoints, files("patroni"), patroni(), "/service/pg/failover", "{\"leader\":\"pg-0\"}");
        assertThat(EtcdGateway.list(endpoints, files("patroni"), patroni(), "/service/pg/"))
                .containsExactly("/service/pg/failover");

        assertThatThrownBy(() -> EtcdGateway.list(endpoints, files("patroni"), patroni(), "/registry/"))
                .isInstanceOf(IOException.class).hasMessageContaining("permission denied");
        assertThatThrownBy(() -> EtcdGateway.put(endpoints, files("patroni"), patroni(), "/registry/pwned", "x"))
                .isInstanceOf(IOException.class).hasMessageContaining("permission denied");
    }

    @Test
    void withoutTheLoginOrWithAWrongPasswordOrACertificateWithACommonNameTheGatewayRefuses() {
        assertThatThrownBy(() -> EtcdGateway.list(endpoints, files("patroni"), Optional.empty(), "/service/"))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP");
        assertThatThrownBy(() -> EtcdGateway.list(endpoints, files("patroni"),
                Optional.of(new ClientLogin("patroni", "not-the-password-000000000")), "/service/"))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot log in")
                .hasMessageNotContaining("not-the-password");
        // what Patroni met before: etcd 3.4 refuses a certificate with a CN on the gateway once auth is on
        assertThatThrownBy(() -> EtcdGateway.list(endpoints, files("k3s"), patroni(), "/service/"))
                .isInstanceOf(IOException.class).hasMessageContaining("CommonName");
    }
}
