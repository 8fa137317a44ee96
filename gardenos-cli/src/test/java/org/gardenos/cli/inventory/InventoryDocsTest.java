package org.gardenos.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gardenos.inventory.InventorySection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/inventory.md documents every key the loader accepts. The loader's own list comes from its "allowed here"
 * hint for an unknown key, so a key added to the code without a line in the docs fails here.
 */
class InventoryDocsTest {
    private static final Pattern ALLOWED = Pattern.compile(".*\\(allowed here: (.*)\\)$");

    @TempDir
    Path dir;

    /** Whatever sections the CLI installs, a new layer's included: each of their keys has a line in the docs. */
    @Test
    void everyInstalledSectionIsDocumented() throws IOException {
        assertThat(InventoryFixture.LOADER.sections()).extracting(InventorySection::key)
                .containsExactly("etcd", "k3s", "loadBalancer", "postgres");
        for (InventorySection<?> section : InventoryFixture.LOADER.sections()) {
            InventoryFixture fx = new InventoryFixture(dir.resolve(section.key()));
            List<String> keys = allowedKeys(fx.errors(InventoryFixture.minimalWith(section.key() + ": {zzzzzzzzzzzz: 1}\n")));
            assertThat(keys).as("keys of " + section.key()).isNotEmpty();
            assertDocumented(keys);
        }
    }

    private static List<String> allowedKeys(List<String> errors) {
        return errors.stream()
                .map(ALLOWED::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .flatMap(list -> Arrays.stream(list.split(", ")))
                .toList();
    }

    private static void assertDocumented(List<String> keys) throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "inventory.md"));
        for (String key : keys) {
            boolean documented = docs.contains("| `" + key + "` |") || docs.contains("### `" + key + "`");
            assertThat(documented).as("docs/inventory.md documents `%s`", key).isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                         | cluster, ssh, hosts, etcd, k3s, loadBalancer, postgres",
            "'ssh: {zzzzzzzzzzzz: 1}'                   | user, port, privateKey, knownHosts, connectTimeout, commandTimeout",
            "'etcd: {zzzzzzzzzzzz: 1}'                  | version, clientPort, peerPort, dataDir, tls, sha256, artifact, downloadBaseUrl",
            "'k3s: {zzzzzzzzzzzz: 1}'                   | version, clusterCidr, serviceCidr, clusterDns, hybrid, disable, serverApiPort, sha256, artifact, downloadBaseUrl, airgapImages, airgapImagesSha256, localPathProvisionerImage, localPathHelperImage",
            "'loadBalancer: {zzzzzzzzzzzz: 1}'          | apiPort, statsPort",
            "'postgres: {zzzzzzzzzzzz: 1}'              | namespace, scope, replicas, flavor, image, postgresVersion, volume, resources, parameters, allowedNetworks, users, databases, ports, nodePorts, nodes, maxLagBytes, patroni, leaderLabel",
            "HOST                                       | name, address, roles, labels",
    })
    void everyKeyIsDocumented(String section, String expectedKeys) throws IOException {
        InventoryFixture fx = new InventoryFixture(dir);
        String yaml = switch (section) {
            case "" -> InventoryFixture.MINIMAL + "zzzzzzzzzzzz: 1\n";
            case "HOST" -> InventoryFixture.MINIMAL + "    zzzzzzzzzzzz: 1\n";
            default -> InventoryFixture.minimalWith(section + "\n");
        };
        List<String> keys = fx.errors(yaml).stream()
                .map(ALLOWED::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .flatMap(list -> Arrays.stream(list.split(", ")))
                .toList();
        assertThat(keys).as("the loader's keys").containsExactly(expectedKeys.split(", "));

        String docs = Files.readString(Path.of("..", "docs", "inventory.md"));
        for (String key : keys) {
            boolean documented = docs.contains("| `" + key + "` |") || docs.contains("### `" + key + "`");
            assertThat(documented).as("docs/inventory.md documents `%s`", key).isTrue();
        }
    }
}
