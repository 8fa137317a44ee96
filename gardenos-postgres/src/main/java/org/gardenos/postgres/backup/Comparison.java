package org.gardenos.postgres.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.gardenos.postgres.backup.DatabaseState.ExtensionState;
import org.gardenos.postgres.backup.DatabaseState.SequenceState;
import org.gardenos.postgres.backup.DatabaseState.TableState;

/**
 * Table by table, what differs between two measurements of one database: each difference names the table (or
 * sequence, extension) and both values. Extensions compare by name only: a newer server may ship a newer version.
 */
public final class Comparison {
    private Comparison() {
    }

    public static List<String> differences(DatabaseState expected, DatabaseState actual, String expectedLabel,
                                           String actualLabel) {
        String db = "database " + expected.name() + ": ";
        List<String> out = new ArrayList<>();
        Map<String, TableState> tables = byName(actual.tables(), TableState::qualified);
        for (TableState want : expected.tables()) {
            TableState got = tables.remove(want.qualified());
            if (got == null) {
                out.add(db + "table " + want.qualified() + ": " + want.rows() + " rows " + expectedLabel + ", missing "
                        + actualLabel);
            } else if (want.rows() != got.rows()) {
                out.add(db + "table " + want.qualified() + ": " + want.rows() + " rows " + expectedLabel + ", "
                        + got.rows() + " rows " + actualLabel);
            } else if (!want.md5().equals(got.md5())) {
                out.add(db + "table " + want.qualified() + ": checksum " + want.md5() + " " + expectedLabel + ", "
                        + got.md5() + " " + actualLabel + " (same " + want.rows() + " rows, different content)");
            }
        }
        tables.values().forEach(t -> out.add(db + "table " + t.qualified() + ": absent " + expectedLabel + ", "
                + t.rows() + " rows " + actualLabel));
        Map<String, SequenceState> sequences = byName(actual.sequences(), SequenceState::qualified);
        for (SequenceState want : expected.sequences()) {
            SequenceState got = sequences.remove(want.qualified());
            if (got == null) {
                out.add(db + "sequence " + want.qualified() + ": missing " + actualLabel);
            } else if (!Objects.equals(want.lastValue(), got.lastValue())) {
                out.add(db + "sequence " + want.qualified() + ": last value " + shown(want.lastValue()) + " "
                        + expectedLabel + ", " + shown(got.lastValue()) + " " + actualLabel);
            }
        }
        sequences.values().forEach(s -> out.add(db + "sequence " + s.qualified() + ": absent " + expectedLabel));
        Map<String, ExtensionState> extensions = byName(actual.extensions(), ExtensionState::name);
        expected.extensions().stream().filter(e -> !extensions.containsKey(e.name()))
                .forEach(e -> out.add(db + "extension " + e.name() + " " + e.version() + ": missing " + actualLabel));
        return out;
    }

    private static String shown(String lastValue) {
        return lastValue == null ? "(never used)" : lastValue;
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        Map<String, T> out = new LinkedHashMap<>();
        items.forEach(i -> out.put(name.apply(i), i));
        return out;
    }
}
