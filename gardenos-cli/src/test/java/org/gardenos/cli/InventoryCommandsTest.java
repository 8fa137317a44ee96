package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} and {@code hosts} on real inventory files, in process. */
class InventoryCommandsTest {
    @TempDir
    Path dir;
    Path valid;
    Path key;

    @BeforeEach
    void files() throws IOException {
        key = Files.writeString(dir.resolve("id_ed25519"), "not read by validate");
        Files.writeString(dir.resolve("known_hosts"), "");
        valid = Files.writeString(dir.resolve("gardenos.yaml"), """
                cluster: garden
                ssh:
                  user: admin
                  port: 2222
                  privateKey: id_ed25519
                  knownHosts: known_hosts
                hosts:
                  - name: node-1
                    address: 203.0.113.11
                    roles: [etcd, server, lb]
                  - name: node-2
                    address: 203.0.113.12
                    roles: [etcd, server]
                  - name: node-3
                    address: 203.0.113.13
                    roles: [etcd, server]
                """);
    }

    @Test
    void validInventoryExits0AndSaysSo() {
        CliRun run = CliRun.run("validate", "-f", valid.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo(valid + ": valid (cluster garden, 3 hosts, 0 warnings)\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void warningsArePrintedOnStderrAndDoNotFail() throws IOException {
        Files.delete(key);

        CliRun run = CliRun.run("-f", valid.toString(), "validate");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("1 warning)");
        assertThat(run.err().lines().toList()).singleElement().satisfies(line ->
                assertThat(line).startsWith("warning: " + valid + ":").contains("ssh.privateKey"));
    }

    @Test
    void validateJsonCarriesTheWarnings() throws Exception {
        Files.delete(key);

        CliRun run = CliRun.run("validate", "-f", valid.toString(), "-o", "json");
        JsonNode doc = new ObjectMapper().readTree(run.out());

        assertThat(run.exitCode()).isZero();
        assertThat(doc.get("valid").asBoolean()).isTrue();
        assertThat(doc.get("cluster").asText()).isEqualTo("garden");
        assertThat(doc.get("hosts").asInt()).isEqualTo(3);
        assertThat(doc.get("warnings")).hasSize(1);
        assertThat(doc.get("warnings").get(0).asText()).contains("ssh.privateKey");
    }

    /** Issue 9 item 2: the injection value from the review never reaches a host, validate refuses it. */
    @Test
    void aShellInjectionInTheEtcdDataDirIsRefusedByValidateInOneLineExit2() throws IOException {
        Files.writeString(valid, Files.readString(valid) + "etcd:\n  dataDir: \"/var/lib/etcd;touch${IFS}/tmp/pwned;#\"\n");

        CliRun run = CliRun.run("validate", "-f", valid.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(valid + ":18:12: etcd.dataDir: '/var/lib/etcd;touch${IFS}/tmp/pwned;#' is not a"
                + " plain path on the hosts (use only letters, digits, '.', '_', '-' and '/', e.g. '/var/lib/etcd')\n");
    }

    @Test
    void invalidInventoryPrintsEveryProblemOneLineEachExit2() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                cluster: garden
                hosts:
                  - name: node-1
                    address: 10.0.0.300
                    roles: [etcd, master]
                """);

        CliRun run = CliRun.run("validate", "-f", bad.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith(bad + ":"));
        assertThat(run.err()).contains("hosts[0].address").contains("'10.0.0.300'").contains("master")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void missingFileIsBadInput() {
        CliRun run = CliRun.run("validate", "-f", dir.resolve("nope.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().toList()).containsExactly(dir.resolve("nope.yaml") + ": no such file");
    }

    @Test
    void defaultInventoryIsGardenosYamlInTheCurrentDirectory() {
        CliRun run = CliRun.run("validate");

        // the module directory has no gardenos.yaml: the error names the default file
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("gardenos.yaml: no such file");
    }

    @Test
    void hostsTableShowsEffectiveSshSettingsWithPathsResolved() {
        CliRun run = CliRun.run("hosts", "-f", valid.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().toList()).hasSize(4);
        assertThat(run.out().lines().findFirst().orElseThrow()).startsWith("NAME    ADDRESS       ROLES");
        assertThat(run.out()).contains("node-1  203.0.113.11  etcd,server,lb  admin  2222  " + key.toAbsolutePath());
        assertThat(run.out()).contains(dir.resolve("known_hosts").toAbsolutePath().toString());
    }

    @Test
    void hostsJsonIsTheDocumentedShape() throws Exception {
        CliRun run = CliRun.run("--output=json", "hosts", "--file", valid.toString());
        JsonNode doc = new ObjectMapper().readTree(run.out());

        assertThat(run.exitCode()).isZero();
        assertThat(doc.get("cluster").asText()).isEqualTo("garden");
        assertThat(doc.get("hosts")).hasSize(3);
        assertThat(doc.get("hosts").get(2).get("name").asText()).isEqualTo("node-3");
        assertThat(doc.get("hosts").get(2).get("roles").toString()).isEqualTo("[\"etcd\",\"server\"]");
        assertThat(doc.get("hosts").get(2).get("ssh").get("port").asInt()).isEqualTo(2222);
    }

    @Test
    void hostsOfABrokenInventoryIsBadInput() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "cluster: Garden_1\n");

        CliRun run = CliRun.run("hosts", "-f", bad.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("cluster");
    }
}
