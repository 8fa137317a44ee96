package org.gardenos.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.error.InputException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.testsupport.StandInEtcd;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.Test;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.lb.settings.LoadBalancerSettings;
import org.gardenos.k3s.settings.K3sSection;

class K3sNodeConfigTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    private static JsonNode parse(String yaml) throws Exception {
        return YAML.readTree(yaml);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void serverConfigPointsAtEveryEtcdMemberOverTlsAndHasNoServerKeyNorToken() throws Exception {
        Inventory inv = TestInventories.threeServers();
        JsonNode c = parse(K3sNodeConfig.forServer(inv, inv.host("s2").orElseThrow(), TestInventories.ETCD).render());

        assertThat(c.get("datastore-endpoint").asText())
                .isEqualTo("https://203.0.113.11:2379,https://203.0.113.12:2379,https://203.0.113.13:2379");
        assertThat(c.get("datastore-cafile").asText()).isEqualTo("/etc/rancher/k3s/etcd/ca.crt");
        assertThat(c.get("datastore-certfile").asText()).isEqualTo("/etc/rancher/k3s/etcd/client.crt");
        assertThat(c.get("datastore-keyfile").asText()).isEqualTo("/etc/rancher/k3s/etcd/client.key");
        assertThat(c.has("server")).isFalse();
        assertThat(c.has("token")).isFalse();
        assertThat(c.has("token-file")).isFalse();
        assertThat(c.get("https-listen-port").asInt()).isEqualTo(6443);
        assertThat(texts(c.get("tls-san"))).containsExactly("203.0.113.10", "lb1");
        assertThat(c.get("node-name").asText()).isEqualTo("s2");
        assertThat(c.get("node-ip").asText()).isEqualTo("203.0.113.12");
        assertThat(texts(c.get("disable"))).containsExactly("traefik");
        assertThat(c.get("write-kubeconfig-mode").asText()).isEqualTo("0600");
        assertThat(c.get("secrets-encryption").asBoolean()).as("Secrets encrypted at rest").isTrue();
        assertThat(c.has("node-taint")).as("hybrid servers get no taint").isFalse();
    }

    @Test
    void clusterWideSettingsAreIdenticalOnEveryServer() throws Exception {
        Inventory inv = TestInventories.threeServers();
        List<JsonNode> configs = new ArrayList<>();
        for (HostSpec s : inv.hostsWith(K3sSection.SERVER)) {
            configs.add(parse(K3sNodeConfig.forServer(inv, s, TestInventories.ETCD).render()));
        }
        for (String key : List.of("cluster-cidr", "service-cidr", "cluster-dns", "disable", "datastore-endpoint",
                "tls-san", "https-listen-port")) {
            assertThat(configs).extracting(c -> c.get(key)).as(key).containsOnly(configs.get(0).get(key));
        }
        assertThat(configs.get(0).get("cluster-cidr").asText()).isEqualTo("10.42.0.0/16");
        assertThat(configs.get(0).get("service-cidr").asText()).isEqualTo("10.43.0.0/16");
        assertThat(configs.get(0).get("cluster-dns").asText()).isEqualTo("10.43.0.10");
    }

    @Test
    void inventoryLabelsBecomeNodeLabels() throws Exception {
        Inventory inv = TestInventories.threeServers();
        JsonNode c = parse(K3sNodeConfig.forServer(inv, inv.host("s1").orElseThrow(), TestInventories.ETCD).render());
        assertThat(texts(c.get("node-label"))).containsExactly("gardenos.io/tier=db");
    }

    @Test
    void dedicatedServersAreTaintedCriticalAddonsOnly() throws Exception {
        Inventory inv = TestInventories.inventory(TestInventories.threeServers().hosts(),
                TestInventories.k3s(false, List.of("traefik"), 6443));
        JsonNode c = parse(K3sNodeConfig.forServer(inv, inv.host("s1").orElseThrow(), TestInventories.ETCD).render());
        assertThat(texts(c.get("node-taint"))).containsExactly("CriticalAddonsOnly=true:NoExecute");
    }

    @Test
    void serversOnALoadBalancerHostListenOnTheServerApiPort() throws Exception {
        Inventory inv = TestInventories.inventory(List.of(
                TestInventories.host("n1", "203.0.113.11", Set.of(LoadBalancerSection.ROLE, K3sSection.SERVER, StandInEtcd.ROLE), Map.of()),
                TestInventories.host("n2", "203.0.113.12", Set.of(K3sSection.SERVER, StandInEtcd.ROLE), Map.of())),
                TestInventories.k3s(true, List.of(), 7443));
        JsonNode c = parse(K3sNodeConfig.forServer(inv, inv.host("n2").orElseThrow(), TestInventories.ETCD).render());
        assertThat(c.get("https-listen-port").asInt()).isEqualTo(7443);
        assertThat(texts(c.get("tls-san"))).containsExactly("203.0.113.11", "n1");
        assertThat(c.has("disable")).isFalse();
    }

    @Test
    void plainHttpEtcdGetsHttpUrlsAndNoCertificates() throws Exception {
        Inventory tls = TestInventories.threeServers();
        Inventory inv = tls.withSection(new StandInEtcd.Settings(false, 2379));
        JsonNode c = parse(K3sNodeConfig.forServer(inv, inv.host("s1").orElseThrow(), TestInventories.ETCD).render());
        assertThat(c.get("datastore-endpoint").asText()).startsWith("http://203.0.113.11:2379,");
        assertThat(c.has("datastore-cafile")).isFalse();
    }

    @Test
    void agentJoinsThroughTheLoadBalancerWithoutDatastoreOrToken() throws Exception {
        Inventory inv = TestInventories.threeServers();
        String yaml = K3sNodeConfig.forAgent(inv, inv.host("a1").orElseThrow()).render();
        JsonNode c = parse(yaml);
        assertThat(c.get("server").asText()).isEqualTo("https://203.0.113.10:6443");
        assertThat(texts(c.get("node-label"))).containsExactly("gardenos.io/tier=apps");
        assertThat(c.has("datastore-endpoint")).isFalse();
        assertThat(c.has("token")).isFalse();
        assertThat(c.has("cluster-cidr")).as("server-only flag").isFalse();
        assertThat(c.has("disable")).isFalse();
    }

    @Test
    void unknownAddonInTheDisableListIsAnInputError() {
        Inventory inv = TestInventories.inventory(TestInventories.threeServers().hosts(),
                TestInventories.k3s(true, List.of("trafik"), 6443));
        assertThatThrownBy(() -> K3sNodeConfig.forServer(inv, inv.host("s1").orElseThrow(), TestInventories.ETCD))
                .isInstanceOf(InputException.class)
                .hasMessage("gardenos.yaml: k3s.disable: 'trafik' is not a K3s packaged component"
                        + " (coredns, local-storage, metrics-server, runtimes, servicelb, traefik)");
    }

    @Test
    void renderIsStableSoASecondConvergeFindsNoChange() {
        Inventory inv = TestInventories.threeServers();
        HostSpec s1 = inv.host("s1").orElseThrow();
        assertThat(K3sNodeConfig.forServer(inv, s1, TestInventories.ETCD).render()).isEqualTo(K3sNodeConfig.forServer(inv, s1, TestInventories.ETCD).render());
    }

    @Test
    void envFileHoldsTheTokenAndRefusesInjection() {
        assertThat(K3sEnvFile.forFirstServer("abcDEF123abcDEF123abcDEF123", "agentAgent123agentAgent123"))
                .endsWith("\nK3S_TOKEN=abcDEF123abcDEF123abcDEF123\nK3S_AGENT_TOKEN=agentAgent123agentAgent123\n");
        assertThatThrownBy(() -> K3sEnvFile.forFirstServer("abc\nK3S_URL=https://evil", "agentAgent123agentAgent123"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static final String HASH = "0123456789abcdef".repeat(4);

    /** Servers after the first pin the cluster CA with the full token; agents get only the agent token. */
    @Test
    void joiningServersGetTheFullServerTokenAndAgentsOnlyTheFullAgentToken() {
        var server = JoinToken.parse(("K10" + HASH + "::server:serverSecret123\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                JoinToken.Kind.SERVER, "serverSecret123", "s1");
        var agent = JoinToken.parse(("K10" + HASH + "::node:agentSecret123").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                JoinToken.Kind.AGENT, "agentSecret123", "s1");
        assertThat(K3sEnvFile.forJoiningServer(server, "agentSecret123"))
                .endsWith("\nK3S_TOKEN=K10" + HASH + "::server:serverSecret123\nK3S_AGENT_TOKEN=agentSecret123\n");
        assertThat(K3sEnvFile.forAgent(agent)).endsWith("\nK3S_TOKEN=K10" + HASH + "::node:agentSecret123\n")
                .doesNotContain("serverSecret123", "K3S_AGENT_TOKEN");
        assertThat(server.toString()).doesNotContain("serverSecret123");
    }

    /** What a host hands back is untrusted: size, form, user and password are checked, the content never echoed. */
    @Test
    void aTokenReadFromAHostIsValidatedBeforeUse() {
        java.util.function.Function<String, byte[]> b = t -> t.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JoinToken.parse(b.apply("x".repeat(513)), JoinToken.Kind.SERVER, "pw", "s1"))
                .hasMessage("s1:/var/lib/rancher/k3s/server/token: 513 bytes; a K3s token is at most 512 (refused, not read further)");
        assertThatThrownBy(() -> JoinToken.parse(b.apply("K10" + HASH + "::server:pw\nK3S_URL=x"), JoinToken.Kind.SERVER, "pw", "s1"))
                .hasMessageStartingWith("s1:/var/lib/rancher/k3s/server/token: not a K3s full token").hasMessageNotContaining("K3S_URL");
        assertThatThrownBy(() -> JoinToken.parse(b.apply("K10" + HASH + "::server:pw"), JoinToken.Kind.AGENT, "pw", "s1"))
                .hasMessageContaining("not a K3s full token (K10<64 hex>::node:<password>)");
        assertThatThrownBy(() -> JoinToken.parse(b.apply("K10" + HASH + "::server:xyzzy42"), JoinToken.Kind.SERVER, "pw", "s1"))
                .hasMessageContaining("K3s runs with another server token than the state directory's")
                .hasMessageNotContaining("xyzzy42");
    }

    @Test
    void unitStartsK3sWithoutSecretsOnTheCommandLine() {
        String server = K3sUnit.render(K3sNodeConfig.Mode.SERVER);
        assertThat(server).contains("\nEnvironmentFile=/etc/rancher/k3s/k3s.env\n",
                "\nExecStart=/usr/local/bin/k3s server\n", "\nType=notify\n", "\nWantedBy=multi-user.target\n");
        assertThat(server).doesNotContain("--token", "K3S_TOKEN");
        assertThat(K3sUnit.render(K3sNodeConfig.Mode.AGENT)).contains("\nExecStart=/usr/local/bin/k3s agent\n");
    }
}
