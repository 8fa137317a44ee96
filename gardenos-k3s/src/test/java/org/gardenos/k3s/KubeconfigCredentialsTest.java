package org.gardenos.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gardenos.k3s.kubeconfig.KubeconfigCredentials;
import org.gardenos.error.GardenException;
import org.gardenos.k3s.api.ApiClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 9 item 1: a fetched kubeconfig keeps only CA, client certificate and client key data. */
class KubeconfigCredentialsTest {
    private static final String ORIGIN = "s1:/etc/rancher/k3s/k3s.yaml";
    private static final ApiEndpoint LB = new ApiEndpoint("203.0.113.10", 6443);

    /** K3s's k3s.yaml with {@code extra} inserted after {@code anchor} (a line of it, indentation included). */
    static String hostile(String anchor, String extra) {
        assertThat(KubeconfigTest.K3S_YAML).contains(anchor + "\n");
        return KubeconfigTest.K3S_YAML.replace(anchor + "\n", anchor + "\n" + extra + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "users[0].user.exec|    client-key-data: LS0tS0VZLS0t|    exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: ['-c', 'touch /tmp/pwned']}",
            "users[0].user.auth-provider|    client-key-data: LS0tS0VZLS0t|    auth-provider: {name: oidc, config: {cmd-path: /bin/sh}}",
            "users[0].user.tokenFile|    client-key-data: LS0tS0VZLS0t|    tokenFile: /root/.ssh/id_ed25519",
            "users[0].user.token|    client-key-data: LS0tS0VZLS0t|    token: abc",
            "users[0].user.username|    client-key-data: LS0tS0VZLS0t|    username: admin",
            "users[0].user.password|    client-key-data: LS0tS0VZLS0t|    password: admin",
            "users[0].user.client-key|    client-key-data: LS0tS0VZLS0t|    client-key: /root/.ssh/id_ed25519",
            "clusters[0].cluster.insecure-skip-tls-verify|    server: https://127.0.0.1:6443|    insecure-skip-tls-verify: true",
            "clusters[0].cluster.proxy-url|    server: https://127.0.0.1:6443|    proxy-url: http://198.51.100.7:3128",
            "clusters[0].cluster.certificate-authority|    server: https://127.0.0.1:6443|    certificate-authority: /etc/shadow",
            "clusters[0].cluster.extensions|    server: https://127.0.0.1:6443|    extensions: [{name: x, extension: {}}]",
            "extensions|kind: Config|extensions: [{name: x, extension: {}}]",
            "contexts[0].context.namespace|    user: default|    namespace: kube-system",
    })
    void aFetchedKubeconfigWithAnythingButTheKeyPairAndCaIsRefusedInOneLineNamingTheHost(String path, String anchor,
            String extra) {
        String yaml = hostile(anchor, extra);
        assertThatThrownBy(() -> Kubeconfig.rewrite(yaml, "garden", LB, ORIGIN))
                .isInstanceOf(GardenException.class)
                .hasMessage(ORIGIN + ": refused: " + path + " is not allowed (GardenOS keeps only the CA, client"
                        + " certificate and client key data of a kubeconfig it did not write)");
    }

    @Test
    void moreThanOneUserIsRefused() {
        String yaml = KubeconfigTest.K3S_YAML + "- name: second\n  user:\n    token: abc\n";
        assertThatThrownBy(() -> Kubeconfig.rewrite(yaml, "garden", LB, ORIGIN))
                .isInstanceOf(GardenException.class)
                .hasMessageStartingWith(ORIGIN + ": refused: users has 2 entries, expected exactly one")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aKeyWithControlCharactersIsNamedEscaped() {
        String yaml = hostile("kind: Config", "\"\\e]0;owned\\a\": 1");
        assertThatThrownBy(() -> Kubeconfig.rewrite(yaml, "garden", LB, ORIGIN))
                .hasMessageStartingWith(ORIGIN + ": refused: \\x1b]0;owned\\x07 is not allowed");
    }

    @Test
    void aMissingClientKeyIsRefused() {
        String yaml = KubeconfigTest.K3S_YAML.replace("    client-key-data: LS0tS0VZLS0t\n", "");
        assertThatThrownBy(() -> Kubeconfig.rewrite(yaml, "garden", LB, ORIGIN))
                .hasMessage(ORIGIN + ": not a kubeconfig: users[0].user.client-key-data is missing");
    }

    @Test
    void aCleanFileRoundTripsToTheSameCredentials() {
        String ours = Kubeconfig.rewrite(KubeconfigTest.K3S_YAML, "garden", LB, ORIGIN);
        KubeconfigCredentials c = KubeconfigCredentials.read(ours, "state");
        assertThat(c).isEqualTo(new KubeconfigCredentials("https://203.0.113.10:6443", "LS0tQ0EtLS0=",
                "LS0tQ0VSVC0tLQ==", "LS0tS0VZLS0t"));
        assertThat(Kubeconfig.rewrite(ours, "garden", LB, "state")).isEqualTo(ours);
        assertThat(c.toString()).doesNotContain("LS0tS0VZLS0t");
    }

    @Test
    void mergeRebuildsOursFromScratchSoAnEditedStateFileCannotSmuggleAnExec(@TempDir Path home) {
        String ours = hostile("    client-key-data: LS0tS0VZLS0t", "    exec: {command: /bin/sh}");
        assertThatThrownBy(() -> Kubeconfig.mergeInto(home.resolve("config"), ours, "garden", false))
                .isInstanceOf(GardenException.class)
                .hasMessageContaining("users[0].user.exec is not allowed");
        assertThat(home.resolve("config")).doesNotExist();
    }

    @Test
    void apiClientsRefuseAStateKubeconfigWithExecOrInsecure(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, hostile("    client-key-data: LS0tS0VZLS0t", "    exec: {command: /bin/sh}"));
        assertThatThrownBy(() -> ApiClients.fromKubeconfig(file))
                .isInstanceOf(GardenException.class)
                .hasMessage(file + ": refused: users[0].user.exec is not allowed (GardenOS keeps only the CA,"
                        + " client certificate and client key data of a kubeconfig it did not write)");
        Files.writeString(file, hostile("    server: https://127.0.0.1:6443", "    insecure-skip-tls-verify: true"));
        assertThatThrownBy(() -> ApiClients.fromKubeconfig(file))
                .hasMessageContaining("clusters[0].cluster.insecure-skip-tls-verify is not allowed");
    }
}
