package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gardenos.standin.StandInConnector;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.cli.command.ConnectorFactory;

/**
 * {@code gardenos k3s kubeconfig [--merge]} through the whole CLI, with the kubeconfig placed in a temp state dir
 * (as apply's KubeconfigInState leaves it) or fetched from a stand-in server ({@link StandInConnector}); the user's
 * kubeconfig is a temp file named by {@code KUBECONFIG} or under a temp {@code user.home}.
 */
class K3sKubeconfigCommandTest {
    /** The shape K3s writes to /etc/rancher/k3s/k3s.yaml (key material shortened, never a real key). */
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
    /** As GardenOS keeps it in the state dir: named after the cluster, pointed at the load balancer. */
    static final String KEPT = K3S_YAML.replace("name: default", "name: garden").replace("cluster: default",
            "cluster: garden").replace("user: default", "user: garden").replace("current-context: default",
            "current-context: garden").replace("https://127.0.0.1:6443", "https://203.0.113.11:6443");
    static final String OTHER = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: other
              cluster:
                server: https://198.51.100.1:6443
            users:
            - name: other
              user:
                token: other-token
            contexts:
            - name: other
              context:
                cluster: other
                user: other
            current-context: other
            """;

    @TempDir
    Path dir;
    Path stateDir;
    final StandInConnector connector = StandInConnector.succeedingHosts();

    @BeforeEach
    void files() throws IOException {
        TestInventoryFiles.threeNodes(dir);
        stateDir = dir.resolve("state");
    }

    private void keep(String kubeconfig) {
        StateDir.open(stateDir).writeSecret("kubeconfig", kubeconfig.getBytes(StandardCharsets.UTF_8));
    }

    private CliRun gardenos(Map<String, String> env, String... args) {
        Module standIns = new AbstractModule() {
            @Override
            protected void configure() {
                bind(ConnectorFactory.class).toInstance((inv, acceptNew) -> connector);
            }
        };
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", dir.resolve("gardenos.yaml").toString(), "--state-dir", stateDir.toString()));
        return CliRun.run(env, cli -> { }, new Module[] {standIns}, all.toArray(String[]::new));
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void printsTheKeptKubeconfigOnStdoutOnlyAndConnectsToNothing() {
        keep(KEPT);

        CliRun run = gardenos(Map.of(), "k3s", "kubeconfig");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo(KEPT);
        assertThat(run.err()).doesNotContain("LS0tS0VZLS0t");
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void jsonCarriesTheKubeconfigAsOneString() throws Exception {
        keep(KEPT);

        CliRun run = gardenos(Map.of(), "k3s", "kubeconfig", "-o", "json");
        JsonNode doc = new ObjectMapper().readTree(run.out());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(doc.get("cluster").asText()).isEqualTo("garden");
        assertThat(doc.get("kubeconfig").asText()).isEqualTo(KEPT);
    }

    @Test
    void mergeIntoKubeconfigsFirstEntryKeepsOtherContextsAndLeavesTheFile0600() throws Exception {
        keep(KEPT);
        Path mine = Files.writeString(dir.resolve("mine.yaml"), OTHER);
        Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rw-r--r--"));
        Path second = dir.resolve("second.yaml");

        CliRun run = gardenos(Map.of("KUBECONFIG", mine + ":" + second), "k3s", "kubeconfig", "--merge");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("merged context 'garden' into " + mine + " (mode 0600)\n");
        assertThat(run.err()).isEmpty();
        assertThat(mode(mine)).isEqualTo("rw-------");
        assertThat(second).doesNotExist();
        JsonNode merged = new YAMLMapper().readTree(Files.readString(mine));
        assertThat(merged.get("contexts").findValuesAsText("name")).containsExactly("other", "garden");
        assertThat(merged.get("users").findValuesAsText("name")).containsExactly("other", "garden");
        assertThat(merged.at("/current-context").asText()).as("the user's current context is kept").isEqualTo("other");
        assertThat(merged.at("/users/0/user/token").asText()).isEqualTo("other-token");
        assertThat(merged.at("/clusters/1/cluster/server").asText()).isEqualTo("https://203.0.113.11:6443");
    }

    @Test
    void mergeWithoutKubeconfigVariableCreatesDotKubeConfigInTheHomeDirectory() throws Exception {
        keep(KEPT);
        Path home = Files.createDirectories(dir.resolve("home"));
        String before = System.getProperty("user.home");
        CliRun first;
        CliRun again;
        System.setProperty("user.home", home.toString());
        try {
            first = gardenos(Map.of(), "k3s", "kubeconfig", "--merge");
            again = gardenos(Map.of(), "-o", "json", "k3s", "kubeconfig", "--merge");
        } finally {
            System.setProperty("user.home", before);
        }
        Path config = home.resolve(".kube/config");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo("merged context 'garden' into " + config + " (mode 0600)\n");
        assertThat(mode(config)).isEqualTo("rw-------");
        assertThat(mode(config.getParent())).isEqualTo("rwx------");
        JsonNode merged = new YAMLMapper().readTree(Files.readString(config));
        assertThat(merged.at("/current-context").asText()).as("no context before: ours becomes current")
                .isEqualTo("garden");
        assertThat(merged.get("contexts")).as("a second merge replaces, never duplicates").hasSize(1);
        JsonNode doc = new ObjectMapper().readTree(again.out());
        assertThat(doc.get("merged").asBoolean()).isTrue();
        assertThat(doc.get("context").asText()).isEqualTo("garden");
        assertThat(doc.get("file").asText()).isEqualTo(config.toString());
    }

    @Test
    void withoutAKeptKubeconfigItIsFetchedFromTheFirstServerAndKept0600() throws Exception {
        connector.prepare("node-1").upload("/etc/rancher/k3s/k3s.yaml", K3S_YAML.getBytes(StandardCharsets.UTF_8),
                0600, "root");

        CliRun run = gardenos(Map.of(), "k3s", "kubeconfig");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(connector.connects()).containsExactly("node-1");
        assertThat(connector.closed()).isTrue();
        Path kept = stateDir.resolve("kubeconfig");
        assertThat(mode(kept)).isEqualTo("rw-------");
        assertThat(run.out()).isEqualTo(Files.readString(kept));
        JsonNode y = new YAMLMapper().readTree(run.out());
        assertThat(y.at("/clusters/0/cluster/server").asText()).isEqualTo("https://203.0.113.11:6443");
        assertThat(y.at("/current-context").asText()).isEqualTo("garden");
        assertThat(run.err()).isEqualTo("fetched the kubeconfig from node-1 into " + kept.toAbsolutePath().normalize()
                + " (mode 0600)\n");
    }

    @Test
    void aServerWithoutK3sYetIsARuntimeFailureNamingIt() {
        CliRun run = gardenos(Map.of(), "k3s", "kubeconfig");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).containsExactly(
                "error: node-1: /etc/rancher/k3s/k3s.yaml does not exist; K3s has not started on this server yet");
    }

    @Test
    void aBrokenUserKubeconfigIsBadInputAndLeftAlone() throws Exception {
        keep(KEPT);
        Path mine = Files.writeString(dir.resolve("mine.yaml"), "clusters: [unclosed\n");

        CliRun run = gardenos(Map.of("KUBECONFIG", mine.toString()), "k3s", "kubeconfig", "--merge");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).startsWith(mine + ": not valid YAML").doesNotContain("\tat ");
        assertThat(Files.readString(mine)).isEqualTo("clusters: [unclosed\n");
    }

    @Test
    void helpSaysItHoldsCredentials() {
        CliRun run = CliRun.run("k3s", "kubeconfig", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: gardenos k3s kubeconfig").contains("--merge").contains("credentials");
    }
}
