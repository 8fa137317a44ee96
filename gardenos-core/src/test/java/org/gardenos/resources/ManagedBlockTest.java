package org.gardenos.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gardenos.engine.ChangeAction;
import org.gardenos.error.GardenException;
import org.gardenos.engine.Change;
import org.gardenos.engine.Target;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.standin.TestInventories;
import org.junit.jupiter.api.Test;

class ManagedBlockTest {
    private final ManagedBlock block = new ManagedBlock("/etc/hosts", "cluster-hosts",
            List.of("127.0.0.11 node-1", "127.0.0.12 node-2"));

    private String render(String existing) {
        return new String(block.render(existing.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void appendsTheBlockAfterForeignLines() {
        assertThat(render("127.0.0.1 localhost\n::1 localhost")).isEqualTo("""
                127.0.0.1 localhost
                ::1 localhost
                # BEGIN GARDENOS cluster-hosts
                127.0.0.11 node-1
                127.0.0.12 node-2
                # END GARDENOS cluster-hosts
                """);
    }

    @Test
    void replacesTheBlockInPlaceAndKeepsEveryForeignLine() {
        String before = """
                127.0.0.1 localhost
                # BEGIN GARDENOS cluster-hosts
                127.0.0.99 old-node
                # END GARDENOS cluster-hosts
                10.9.9.9 added-by-admin   # keep me
                """;
        assertThat(render(before)).isEqualTo("""
                127.0.0.1 localhost
                # BEGIN GARDENOS cluster-hosts
                127.0.0.11 node-1
                127.0.0.12 node-2
                # END GARDENOS cluster-hosts
                10.9.9.9 added-by-admin   # keep me
                """);
        assertThat(render(render(before))).isEqualTo(render(before));
    }

    @Test
    void foreignBytesThatAreNotUtf8SurviveUnchanged() {
        byte[] latin1 = "# caf\u00e9 (latin-1)\n127.0.0.1 localhost\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = block.render(latin1);
        assertThat(new String(out, StandardCharsets.ISO_8859_1)).startsWith("# caf\u00e9 (latin-1)\n127.0.0.1 localhost\n");
    }

    @Test
    void otherBlocksAreForeignLinesToo() {
        String withOther = "# BEGIN GARDENOS other\nx\n# END GARDENOS other\n";
        assertThat(render(withOther)).startsWith(withOther).contains("# BEGIN GARDENOS cluster-hosts\n");
    }

    @Test
    void aDamagedBlockFailsInsteadOfGuessingWhichLinesAreOurs() {
        assertThatThrownBy(() -> render("# BEGIN GARDENOS cluster-hosts\n127.0.0.1 localhost\n"))
                .isInstanceOf(GardenException.class)
                .hasMessageContaining("/etc/hosts: the GardenOS block 'cluster-hosts' is damaged")
                .hasMessageContaining("fix the file by hand");
        assertThatThrownBy(() -> render("# END GARDENOS cluster-hosts\n# BEGIN GARDENOS cluster-hosts\n"))
                .isInstanceOf(GardenException.class);
    }

    @Test
    void onTheHostItKeepsModeAndOwnerAndIsIdempotent() {
        InMemoryHostStandIn host = new InMemoryHostStandIn("node-1", "127.0.0.11");
        Target target = new Target(TestInventories.host("node-1", "127.0.0.11"), host, TestInventories.nodes(1), null);
        host.put("/etc/hosts", "127.0.0.1 localhost\n", 0640, "root:adm");

        Change change = block.check(target);
        assertThat(change.action()).isEqualTo(ChangeAction.UPDATE);
        block.apply(target, change);

        assertThat(host.file("/etc/hosts")).hasValueSatisfying(f -> {
            assertThat(f.mode()).isEqualTo(0640);
            assertThat(f.group()).isEqualTo("adm");
            assertThat(f.text()).startsWith("127.0.0.1 localhost\n# BEGIN GARDENOS cluster-hosts\n");
        });
        assertThat(block.check(target).isNone()).isTrue();
    }

    @Test
    void aMissingFileIsCreated() {
        InMemoryHostStandIn host = new InMemoryHostStandIn("node-1", "127.0.0.11");
        Target target = new Target(TestInventories.host("node-1", "127.0.0.11"), host, TestInventories.nodes(1), null);
        Change change = block.check(target);
        assertThat(change.action()).isEqualTo(ChangeAction.CREATE);
        block.apply(target, change);
        assertThat(host.file("/etc/hosts")).hasValueSatisfying(f -> assertThat(f.mode()).isEqualTo(0644));
        assertThat(host.text("/etc/hosts")).startsWith("# BEGIN GARDENOS cluster-hosts\n");
    }

    @Test
    void linesWithLineBreaksAreRejected() {
        assertThatThrownBy(() -> new ManagedBlock("/etc/hosts", "x", List.of("a\nb")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ManagedBlock("/etc/hosts", "bad marker", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
