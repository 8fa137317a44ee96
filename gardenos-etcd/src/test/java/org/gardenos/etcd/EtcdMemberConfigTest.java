package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.etcd.support.TlsGet;
import org.gardenos.state.StateDir;
import org.gardenos.testkit.etcd.EtcdPrerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered config and unit, checked as text and, for the config, by the real etcd binary. */
class EtcdMemberConfigTest {
    private static final EtcdMemberConfig.Initial NEW = new EtcdMemberConfig.Initial(
            "etcd-1=https://10.0.0.11:2380,etcd-2=https://10.0.0.12:2380", "new", "gardenos-prod");

    @Test
    void tlsConfigServesV3OnlyWithClientCertAuthOnClientsAndPeers() {
        String y = new EtcdMemberConfig("etcd-1", "10.0.0.11", 2379, 2380, "/var/lib/etcd", true, NEW).render();
        assertThat(y).startsWith("# Managed by GardenOS (etcd layer).").contains(
                "name: \"etcd-1\"\n",
                "listen-client-urls: \"https://10.0.0.11:2379,https://127.0.0.1:2379\"\n",
                "advertise-client-urls: \"https://10.0.0.11:2379\"\n",
                "listen-peer-urls: \"https://10.0.0.11:2380\"\n",
                "initial-advertise-peer-urls: \"https://10.0.0.11:2380\"\n",
                "listen-metrics-urls: \"http://127.0.0.1:2381\"\n",
                "enable-grpc-gateway: true\n",
                "initial-cluster-state: \"new\"\n",
                "client-transport-security:\n  cert-file: \"/etc/etcd/pki/member.crt\"\n"
                        + "  key-file: \"/etc/etcd/pki/member.key\"\n  trusted-ca-file: \"/etc/etcd/pki/ca.crt\"\n"
                        + "  client-cert-auth: true\n",
                "peer-transport-security:\n");
        assertThat(y).doesNotContain("http://10.0.0.11", "enable-v2");
    }

    @Test
    void plainConfigHasHttpUrlsAndNoTransportSecurity() {
        String y = new EtcdMemberConfig("etcd-1", "10.0.0.11", 2379, 2380, "/var/lib/etcd", false, NEW).render();
        assertThat(y).contains("advertise-client-urls: \"http://10.0.0.11:2379\"")
                .doesNotContain("https://10.0.0.11:2379", "transport-security");
    }

    @Test
    void initialValuesReadBackFromARenderedConfigSoTheyStaySticky() {
        String y = new EtcdMemberConfig("etcd-1", "10.0.0.11", 2379, 2380, "/var/lib/etcd", true, NEW).render();
        assertThat(EtcdMemberConfig.initialOf(y)).contains(NEW);
        EtcdMemberConfig.Initial existing = new EtcdMemberConfig.Initial("etcd-1=https://10.0.0.11:2380,"
                + "etcd-4=https://10.0.0.14:2380", "existing", "gardenos-prod");
        assertThat(EtcdMemberConfig.initialOf(new EtcdMemberConfig("etcd-4", "10.0.0.14", 2379, 2380,
                "/var/lib/etcd", true, existing).render())).contains(existing);
        assertThat(EtcdMemberConfig.initialOf("name: x\n")).isEmpty();
    }

    @Test
    void initialValuesAreReadFromTheSingleQuotedConfigsEarlierVersionsWroteAndNothingFromGarbage() {
        String earlier = """
                # Managed by GardenOS (etcd layer). Local edits are overwritten on the next apply.
                name: 'etcd-4'
                initial-cluster: 'etcd-1=https://10.0.0.11:2380,etcd-4=https://10.0.0.14:2380'
                initial-cluster-state: 'existing'
                initial-cluster-token: 'gardenos-prod'
                log-outputs: [stderr]
                """;
        assertThat(EtcdMemberConfig.initialOf(earlier)).contains(new EtcdMemberConfig.Initial(
                "etcd-1=https://10.0.0.11:2380,etcd-4=https://10.0.0.14:2380", "existing", "gardenos-prod"));
        assertThat(EtcdMemberConfig.initialOf("initial-cluster: [unclosed")).isEmpty();
        assertThat(EtcdMemberConfig.initialOf("- a list\n")).isEmpty();
        assertThat(EtcdMemberConfig.initialOf(earlier.replace("'existing'", "'sideways'"))).isEmpty();
        assertThat(EtcdMemberConfig.initialOf(earlier + "#" + "x".repeat(70_000))).isEmpty();
    }

    @Test
    void valuesThatLookLikeOtherYamlTypesStayStrings() {
        String y = new EtcdMemberConfig("yes", "10.0.0.11", 2379, 2380, "0700", false, NEW).render();
        assertThat(y).contains("name: \"yes\"\n", "data-dir: \"0700\"\n");
    }

    @Test
    void unitRunsEtcdAsItsOwnUserFromTheConfigFileWithNotify() {
        assertThat(EtcdUnit.render()).contains("Type=notify\n", "User=etcd\n",
                "ExecStart=/usr/local/bin/etcd --config-file /etc/etcd/etcd.conf.yml\n", "Restart=on-failure\n",
                "WantedBy=multi-user.target\n");
    }

    @Test
    void theRealEtcdAcceptsTheRenderedTlsConfig(@TempDir Path dir) throws Exception {
        EtcdPrerequisites.requireEtcd();
        String address = "127.0." + (100 + (int) (Math.random() * 100)) + ".21";
        int port = freePort(address);
        EtcdPki pki = EtcdPki.ensure(StateDir.open(dir.resolve("state")), List.of(new EtcdPki.Member("solo", address)));
        EtcdMemberConfig.Initial initial = new EtcdMemberConfig.Initial("solo=https://" + address + ":" + (port + 1),
                "new", "t");
        String y = new EtcdMemberConfig("solo", address, port, port + 1, dir.resolve("data").toString(), true,
                initial).render()
                .replace(EtcdHostPaths.PEER_CA, pki.peerCaCert().toString())
                .replace(EtcdHostPaths.PEER_CERT, pki.peer("solo").cert().toString())
                .replace(EtcdHostPaths.PEER_KEY, pki.peer("solo").key().toString())
                .replace(EtcdHostPaths.MEMBER_CERT, pki.member("solo").cert().toString())
                .replace(EtcdHostPaths.MEMBER_KEY, pki.member("solo").key().toString())
                .replace(EtcdHostPaths.CA, pki.caCert().toString());
        Path config = Files.writeString(dir.resolve("etcd.conf.yml"), y);
        Process etcd = new ProcessBuilder(EtcdPrerequisites.ETCD.toString(), "--config-file", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        try (Client c = EtcdConnection.tls(List.of(java.net.URI.create("https://" + address + ":" + port)),
                EtcdConnection.ClientTls.gardenos(pki)).withTimeout(java.time.Duration.ofSeconds(5)).open()) {
            ByteSequence k = ByteSequence.from("k", StandardCharsets.UTF_8);
            Exception last = null;
            for (int i = 0; i < 40; i++) {
                try {
                    c.getKVClient().put(k, k).get(5, TimeUnit.SECONDS);
                    last = null;
                    break;
                } catch (Exception e) {
                    last = e;
                    Thread.sleep(250);
                }
            }
            assertThat(last).as(Files.readString(dir.resolve("etcd.log"))).isNull();
            assertThat(c.getKVClient().get(k).get(5, TimeUnit.SECONDS).getKvs()).hasSize(1);
            // the v3 JSON gateway Patroni's etcd3 client speaks is on (a --config-file without
            // enable-grpc-gateway leaves it off: every /v3 path answered "404 page not found")
            EtcdPki.CertFiles patroni = pki.client("patroni");
            assertThat(TlsGet.post(URI.create("https://" + address + ":" + port + "/v3/kv/range"), "{\"key\":\"aw==\"}",
                    pki.caCert(), patroni.cert(), patroni.key())).contains("\"kvs\"", "\"key\":\"aw==\"");

            // issue 9 item 3: the peer port trusts only the peers' CA, so a client certificate is refused there
            URI peerVersion = URI.create("https://" + address + ":" + (port + 1) + "/version");
            EtcdPki.CertFiles peer = pki.peer("solo");
            assertThat(TlsGet.get(peerVersion, pki.peerCaCert(), peer.cert(), peer.key())).contains("etcdserver");
            for (String client : EtcdPki.CLIENTS) {
                EtcdPki.CertFiles cf = pki.client(client);
                assertThatThrownBy(() -> TlsGet.get(peerVersion, pki.peerCaCert(), cf.cert(), cf.key())).as(client)
                        .isInstanceOf(java.io.IOException.class);
            }
            EtcdPki.CertFiles member = pki.member("solo");
            assertThatThrownBy(() -> TlsGet.get(peerVersion, pki.peerCaCert(), member.cert(), member.key()))
                    .isInstanceOf(java.io.IOException.class);
        } finally {
            etcd.destroy();
            etcd.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(dir.resolve("etcd.log"))).contains("starting with client TLS", "client-cert-auth = true",
                "starting with peer TLS");
    }

    private static int freePort(String address) throws Exception {
        for (int i = 0; i < 50; i++) {
            int port = 20000 + (int) (Math.random() * 20000);
            try (ServerSocket a = new ServerSocket(); ServerSocket b = new ServerSocket();
                 ServerSocket m = new ServerSocket(); ServerSocket l = new ServerSocket()) {
                a.bind(new InetSocketAddress(address, port));
                b.bind(new InetSocketAddress(address, port + 1));
                m.bind(new InetSocketAddress("127.0.0.1", port + 2));
                l.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (java.io.IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port");
    }
}
