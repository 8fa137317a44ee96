package org.gardenos.postgres.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gardenos.postgres.PostgresFixtures.errors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/inventory.md documents every key of the {@code postgres:} section, by the convention of core's
 * InventoryDocsTest: the parser's own list comes from its "allowed here" hint for an unknown key, and each key must
 * appear as a table row {@code | `key` |} or a heading {@code ### `key`}.
 */
class PostgresInventoryDocsTest {
    private static final Pattern ALLOWED = Pattern.compile(".*\\(allowed here: (.*)\\)$");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'  zzzzzzzzzzzz: 1'                                  | namespace, scope, replicas, flavor, image, postgresVersion, volume, resources, parameters, allowedNetworks, users, databases, ports, nodePorts, nodes, maxLagBytes, patroni, leaderLabel",
            "'  volume: {zzzzzzzzzzzz: 1}'                        | size, storageClass",
            "'  resources: {zzzzzzzzzzzz: 1}'                     | requests, limits",
            "'  resources: {requests: {zzzzzzzzzzzz: 1}}'         | cpu, memory",
            "'  resources: {limits: {zzzzzzzzzzzz: 1}}'           | cpu, memory",
            "'  users: [{name: app, zzzzzzzzzzzz: 1}]'            | name",
            "'  databases: [{name: a, owner: b, zzzzzzzzzzzz: 1}]' | name, owner",
            "'  ports: {zzzzzzzzzzzz: 1}'                         | primary, replica",
            "'  nodePorts: {zzzzzzzzzzzz: 1}'                     | primary, primaryApi, replica, replicaApi",
            "'  nodes: [{name: n, address: 10.0.0.1, zzzzzzzzzzzz: 1}]' | name, address",
            "'  patroni: {zzzzzzzzzzzz: 1}'                       | ttl, loopWait, retryTimeout",
    })
    void everyKeyIsDocumented(String section, String expectedKeys) throws IOException {
        List<String> keys = errors(section + "\n").stream()
                .map(ALLOWED::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .flatMap(list -> Arrays.stream(list.split(", ")))
                .toList();
        assertThat(keys).as("the parser's keys").containsExactly(expectedKeys.split(", "));

        String docs = Files.readString(Path.of("..", "docs", "inventory.md"));
        int start = docs.indexOf("### `postgres`");
        assertThat(start).as("docs/inventory.md has a postgres section").isNotNegative();
        String postgresDocs = docs.substring(start);
        for (String key : keys) {
            boolean documented = postgresDocs.contains("| `" + key + "` |") || postgresDocs.contains("### `" + key + "`");
            assertThat(documented).as("docs/inventory.md documents postgres key `%s`", key).isTrue();
        }
    }
}
