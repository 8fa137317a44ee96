package org.gardenos.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import org.gardenos.inventory.InventoryLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.gardenos.error.InputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not a readable YAML inventory: each refused with one located line, never a crash or a hang. */
class InventorySyntaxTest {
    @TempDir
    Path dir;
    InventoryFixture fx;

    @BeforeEach
    void setUp() {
        fx = new InventoryFixture(dir);
    }

    @Test
    void missingFile() {
        assertThat(fx.errorsOfFile()).containsExactly("gardenos.yaml: no such file");
    }

    @Test
    void directoryInsteadOfFile() throws IOException {
        Files.createDirectory(fx.file);
        assertThat(fx.errorsOfFile()).containsExactly("gardenos.yaml: is a directory, expected an inventory file like gardenos.yaml");
    }

    @Test
    void deviceInsteadOfFile() {
        Path devNull = Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devNull), "needs /dev/null");
        InputException e = org.assertj.core.api.Assertions.catchThrowableOfType(InputException.class,
                () -> InventoryFixture.LOADER.home(fx.home).load(devNull));
        assertThat(e.lines()).containsExactly("/dev/null: is not a regular file");
    }

    @Test
    void emptyFile() {
        assertThat(fx.errors("")).containsExactly(
                "gardenos.yaml: the file is empty; an inventory needs at least 'cluster' and 'hosts' (see examples/gardenos.yaml)");
    }

    @Test
    void onlyCommentsAndBlankLinesCountAsEmpty() {
        assertThat(fx.errors("# nothing yet\n\n   \n")).singleElement().asString().startsWith("gardenos.yaml: the file is empty");
    }

    @Test
    void listAsTopLevel() {
        assertThat(fx.errors("- cluster: garden\n")).containsExactly(
                "gardenos.yaml:1:1: the top level must be a mapping of sections (cluster, ssh, hosts, etcd, k3s, loadBalancer, postgres), got a list");
    }

    @Test
    void scalarAsTopLevel() {
        assertThat(fx.errors("hello world\n")).containsExactly(
                "gardenos.yaml:1:1: the top level must be a mapping of sections (cluster, ssh, hosts, etcd, k3s, loadBalancer, postgres), got the string 'hello world'");
    }

    @Test
    void badIndentationIsASyntaxErrorAtItsPlace() {
        assertThat(fx.errors("""
                cluster: garden
                ssh:
                  user: root
                   port: 22
                """)).containsExactly("gardenos.yaml:4:8: ssh: invalid YAML: mapping values are not allowed here");
    }

    @Test
    void unclosedFlowList() {
        assertThat(fx.errors("""
                cluster: garden
                hosts: [
                """)).singleElement().asString()
                .isEqualTo("gardenos.yaml:3:1: hosts: invalid YAML: expected the node content, but found '<stream end>'"
                        + " (while parsing a flow node)");
    }

    @Test
    void duplicateTopLevelKey() {
        assertThat(fx.errors("""
                cluster: garden
                hosts: []
                cluster: other
                """)).containsExactly("gardenos.yaml:3:1: cluster: duplicate key 'cluster' (first written at line 1)");
    }

    @Test
    void duplicateNestedKey() {
        assertThat(fx.errors("""
                cluster: garden
                hosts:
                  - name: node-1
                    address: 203.0.113.11
                    address: 203.0.113.12
                    roles: [etcd, server]
                """)).containsExactly("gardenos.yaml:5:5: hosts[0].address: duplicate key 'address' (first written at line 4)");
    }

    @Test
    void duplicateKeyInFlowMapping() {
        assertThat(fx.errors("cluster: garden\nssh: {port: 22, port: 23}\n")).singleElement().asString()
                .startsWith("gardenos.yaml:2:").contains(": ssh.port: duplicate key 'port'");
    }

    @Test
    void aliasesAreRefusedRatherThanReadAsTheirName() {
        // Jackson reports '*p' as the string "p" and does not report the scalar's anchor: the alias is the error
        assertThat(fx.errors("""
                cluster: garden
                ssh:
                  port: &p 22
                etcd:
                  clientPort: *p
                hosts:
                  - name: node-1
                    address: 203.0.113.11
                    roles: [etcd, server]
                """)).containsExactly(
                "gardenos.yaml:5:15: etcd.clientPort: YAML aliases ('*p') are not allowed in gardenos.yaml; write the value out");
    }

    @Test
    void anchorsOnMappingsAndListsAreRefused() {
        assertThat(fx.errors(InventoryFixture.minimalWith("""
                ssh: &s
                  port: 22
                k3s:
                  disable: &d [traefik]
                """))).containsExactly(
                "gardenos.yaml:6:6: ssh: YAML anchors ('&s') are not allowed in gardenos.yaml; write the value out",
                "gardenos.yaml:9:12: k3s.disable: YAML anchors ('&d') are not allowed in gardenos.yaml; write the value out");
    }

    @Test
    void mergeKeysAreRefusedLikeAnyAlias() {
        List<String> errors = fx.errors("""
                defaults: &d {roles: [etcd, server]}
                cluster: garden
                hosts:
                  - <<: *d
                    name: node-1
                    address: 203.0.113.11
                """);
        assertThat(errors).contains(
                "gardenos.yaml:1:11: defaults: YAML anchors ('&d') are not allowed in gardenos.yaml; write the value out",
                "gardenos.yaml:4:9: hosts[0][\"<<\"]: YAML aliases ('*d') are not allowed in gardenos.yaml; write the value out");
    }

    @Test
    void aliasBombIsRefusedQuickly() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char previous = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            bomb.append("]\n");
        }
        fx.write(bomb.toString());
        // a hang guard, not a timing assertion: expanding this would need 9^26 nodes
        List<String> errors = assertTimeoutPreemptively(Duration.ofSeconds(10), fx::errorsOfFile);
        assertThat(errors).contains(
                "gardenos.yaml:1:4: a: YAML anchors ('&a') are not allowed in gardenos.yaml; write the value out");
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("YAML aliases ('*a') are not allowed"));
    }

    @Test
    void tagsAreRefused() {
        assertThat(fx.errors(InventoryFixture.minimalWith("""
                ssh:
                  user: !!str root
                  port: !custom 22
                """))).containsExactly(
                "gardenos.yaml:7:9: ssh.user: YAML tags ('tag:yaml.org,2002:str') are not allowed in gardenos.yaml; quote the value if it must be a string",
                "gardenos.yaml:8:9: ssh.port: YAML tags ('custom') are not allowed in gardenos.yaml; quote the value if it must be a string");
    }

    @Test
    void secondDocumentIsRefused() {
        assertThat(fx.errors(InventoryFixture.MINIMAL + "---\ncluster: other\n")).containsExactly(
                "gardenos.yaml:7:1: a second YAML document starts here; gardenos.yaml holds exactly one (remove the extra '---')");
    }

    @Test
    void complexKeysAreRefused() {
        assertThat(fx.errors("? [a, b]\n: 1\n")).containsExactly(
                "gardenos.yaml:1:4: mapping keys must be plain scalars ('? ' complex keys are not supported)");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "cluster: " + "[".repeat(200) + "]".repeat(200) + "\n";
        assertThat(fx.errors(deep)).containsExactly("gardenos.yaml:1:41: cluster: nested deeper than 32 levels");
    }

    @Test
    void binaryGarbageIsNamedAsSuch() {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        garbage[0] = 'c';
        garbage[1] = (byte) 0xff;
        fx.write(garbage);
        assertThat(fx.errorsOfFile()).containsExactly(
                "gardenos.yaml:1:2: not UTF-8 text (byte 0xff at offset 1); is this a binary file?");
    }

    @Test
    void invalidUtf8IsLocatedByLine() {
        byte[] text = "cluster: garden\nhosts: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        fx.write(text);
        assertThat(fx.errorsOfFile()).containsExactly(
                "gardenos.yaml:2:11: not UTF-8 text (byte 0xe9 at offset 26); is this a binary file?");
    }

    @Test
    void controlCharactersAreRefusedWithTheirPlace() {
        assertThat(fx.errors("cluster: garden\nhosts: a\u0000b\n")).containsExactly(
                "gardenos.yaml:2:9: contains the control character U+0000; is this a binary file?");
    }

    @Test
    void elfHeaderLooksBinary() {
        fx.write(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
        assertThat(fx.errorsOfFile()).containsExactly(
                "gardenos.yaml:1:1: contains the control character U+007F; is this a binary file?");
    }

    @Test
    void hugeFileIsRefusedBeforeParsing() {
        byte[] big = new byte[InventoryLoader.MAX_BYTES + 10];
        java.util.Arrays.fill(big, (byte) '#');
        fx.write(big);
        assertThat(fx.errorsOfFile()).containsExactly("gardenos.yaml: is larger than 1 MiB; this is not an inventory file");
    }

    @Test
    void parseRefusesHugeTextToo() {
        InputException e = org.assertj.core.api.Assertions.catchThrowableOfType(InputException.class,
                () -> InventoryFixture.LOADER.parse("#".repeat(InventoryLoader.MAX_BYTES + 1), Path.of("big.yaml")));
        assertThat(e.lines()).containsExactly("big.yaml: is larger than 1 MiB; this is not an inventory file");
    }

    @Test
    void errorsBeforeASyntaxErrorAreKept() {
        assertThat(fx.errors("""
                cluster: garden
                ssh: &x {port: 22}
                hosts: [
                """)).containsExactly(
                "gardenos.yaml:2:6: ssh: YAML anchors ('&x') are not allowed in gardenos.yaml; write the value out",
                "gardenos.yaml:4:1: hosts: invalid YAML: expected the node content, but found '<stream end>' (while parsing a flow node)");
    }
}
