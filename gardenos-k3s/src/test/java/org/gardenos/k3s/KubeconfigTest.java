package org.gardenos.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubernetes.client.util.KubeConfig;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.state.StateDir;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {
    /** The shape K3s writes to /etc/rancher/k3s/k3s.yaml (key material shortened). */
    static final String K3S_YAML = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: LS0tQ0EtLS0=
                server: https://127.0.0.1:6443
              name: default
            contexts:
            - context:
                cluster: default
                user: default
              name: default
            current-context: default
            kind: Config
            preferences: {}
            users:
            - name: default
              user:
                client-certificate-data: LS0tQ0VSVC0tLQ==
                client-key-data: LS0tS0VZLS0t
            """;

    private static JsonNode yaml(String s) throws Exception {
        return new YAMLMapper().readTree(s);
    }

    @Test
    void rewritePointsAtTheLoadBalancerAndNamesEverythingAfterTheCluster() throws Exception {
        String out = Kubeconfig.rewrite(K3S_YAML, "garden", new ApiEndpoint("203.0.113.10", 6443), "s1:k3s.yaml");
        JsonNode y = yaml(out);
        assertThat(y.at("/clusters/0/name").asText()).isEqualTo("garden");
        assertThat(y.at("/clusters/0/cluster/server").asText()).isEqualTo("https://203.0.113.10:6443");
        assertThat(y.at("/clusters/0/cluster/certificate-authority-data").asText()).isEqualTo("LS0tQ0EtLS0=");
        assertThat(y.at("/users/0/name").asText()).isEqualTo("garden");
        assertThat(y.at("/users/0/user/client-key-data").asText()).isEqualTo("LS0tS0VZLS0t");
        assertThat(y.at("/contexts/0/name").asText()).isEqualTo("garden");
        assertThat(y.at("/contexts/0/context/cluster").asText()).isEqualTo("garden");
        assertThat(y.at("/contexts/0/context/user").asText()).isEqualTo("garden");
        assertThat(y.at("/current-context").asText()).isEqualTo("garden");
        // client-java reads it as a kubeconfig
        KubeConfig kc = KubeConfig.loadKubeConfig(new StringReader(out));
        assertThat(kc.getServer()).isEqualTo("https://203.0.113.10:6443");
        assertThat(kc.getCurrentContext()).isEqualTo("garden");
    }

    @Test
    void fetchReadsTheFirstServersFileAndKeepsIt0600(@TempDir Path dir) throws Exception {
        var host = InMemoryHostStandIn.succeeding("s1").put(K3sPaths.KUBECONFIG, K3S_YAML, 0600, "root:root");
        StateDir state = StateDir.open(dir.resolve("state"));

        Path saved = KubeconfigFetcher.fetch(host, TestInventories.threeServers(), state);

        assertThat(saved).isEqualTo(state.resolve("kubeconfig"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved))).isEqualTo("rw-------");
        assertThat(yaml(Files.readString(saved)).at("/clusters/0/cluster/server").asText())
                .isEqualTo("https://203.0.113.10:6443");
    }

    @Test
    void fetchBeforeK3sStartedIsAClearError(@TempDir Path dir) {
        var host = InMemoryHostStandIn.succeeding("s1");
        assertThatThrownBy(() -> KubeconfigFetcher.fetch(host, TestInventories.threeServers(),
                StateDir.open(dir.resolve("state"))))
                .isInstanceOf(GardenException.class)
                .hasMessage("s1: /etc/rancher/k3s/k3s.yaml does not exist; K3s has not started on this server yet");
    }

    @Test
    void aFileThatIsNotAKubeconfigIsAClearError() {
        assertThatThrownBy(() -> Kubeconfig.rewrite("hello: world\n", "garden", new ApiEndpoint("h", 1), "s1:k3s.yaml"))
                .isInstanceOf(GardenException.class)
                .hasMessage("s1:k3s.yaml: not a kubeconfig: 'clusters' is missing or not a list");
    }

    @Test
    void mergeIntoANewFileCreatesIt0600WithOurContextCurrent(@TempDir Path home) throws Exception {
        String ours = Kubeconfig.rewrite(K3S_YAML, "garden", new ApiEndpoint("203.0.113.10", 6443), "x");
        Path config = home.resolve(".kube/config");

        Kubeconfig.mergeInto(config, ours, "garden", false);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent()))).isEqualTo("rwx------");
        JsonNode y = yaml(Files.readString(config));
        assertThat(y.at("/current-context").asText()).isEqualTo("garden");
        assertThat(y.at("/contexts").size()).isEqualTo(1);
    }

    @Test
    void mergeKeepsOtherClustersReplacesOursAndKeepsTheUsersCurrentContext(@TempDir Path home) throws Exception {
        Path config = home.resolve(".kube/config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: work
                  cluster: {server: "https://203.0.113.99:6443"}
                - name: garden
                  cluster: {server: "https://203.0.113.50:6443"}
                users:
                - name: work
                  user: {token: abc}
                - name: garden
                  user: {token: old}
                contexts:
                - name: work
                  context: {cluster: work, user: work}
                - name: garden
                  context: {cluster: garden, user: garden}
                current-context: work
                """);
        String ours = Kubeconfig.rewrite(K3S_YAML, "garden", new ApiEndpoint("203.0.113.10", 6443), "x");

        Kubeconfig.mergeInto(config, ours, "garden", false);

        JsonNode y = yaml(Files.readString(config));
        assertThat(y.at("/current-context").asText()).isEqualTo("work");
        assertThat(y.at("/clusters").size()).isEqualTo(2);
        assertThat(y.at("/clusters/0/name").asText()).isEqualTo("work");
        assertThat(y.at("/clusters/1/cluster/server").asText()).isEqualTo("https://203.0.113.10:6443");
        assertThat(y.at("/users/1/user/client-key-data").asText()).isEqualTo("LS0tS0VZLS0t");
        assertThat(y.at("/users/1/user/token").isMissingNode()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");

        Kubeconfig.mergeInto(config, ours, "garden", true);
        assertThat(yaml(Files.readString(config)).at("/current-context").asText()).isEqualTo("garden");
        assertThat(yaml(Files.readString(config)).at("/contexts").size()).isEqualTo(2);
    }

    @Test
    void aBrokenUserKubeconfigIsAnInputErrorAndIsLeftAlone(@TempDir Path home) throws Exception {
        Path config = home.resolve("config");
        Files.writeString(config, "clusters: [unclosed\n");
        String ours = Kubeconfig.rewrite(K3S_YAML, "garden", new ApiEndpoint("203.0.113.10", 6443), "x");
        assertThatThrownBy(() -> Kubeconfig.mergeInto(config, ours, "garden", false))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(config + ": not valid YAML");
        assertThat(Files.readString(config)).isEqualTo("clusters: [unclosed\n");
    }
}
