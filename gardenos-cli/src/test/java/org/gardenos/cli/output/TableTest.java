package org.gardenos.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void alignsColumnsWithTwoSpacesAndNoTrailingBlanks() {
        String text = new Table("NAME", "ADDRESS", "ROLES")
                .row("node1", "203.0.113.11", "etcd,server")
                .row("lb", "203.0.113.9", "lb")
                .render();

        assertThat(text).isEqualTo("""
                NAME   ADDRESS       ROLES
                node1  203.0.113.11  etcd,server
                lb     203.0.113.9   lb
                """);
    }

    @Test
    void emptyAndNullCellsShowADashAndLineBreaksCannotSplitARow() {
        String text = new Table("A", "B").row(null, "one\ntwo").row("", "x").render();

        assertThat(text).isEqualTo("""
                A  B
                -  one two
                -  x
                """);
    }

    @Test
    void rowMustFitTheColumns() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 cells");
    }

    @Test
    void headerOnlyWhenEmpty() {
        Table table = new Table("HOST", "ACTION");

        assertThat(table.isEmpty()).isTrue();
        assertThat(table.render()).isEqualTo("HOST  ACTION\n");
    }
}
