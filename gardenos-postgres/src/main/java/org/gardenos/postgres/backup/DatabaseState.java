package org.gardenos.postgres.backup;

import java.util.List;

/**
 * What a database holds, as the manifest records it and the comparison recomputes it: every table of the user's
 * schemas with its row count and checksum, sequence values, extensions, and the owner.
 */
public record DatabaseState(String name, String owner, List<TableState> tables, List<SequenceState> sequences,
                            List<ExtensionState> extensions) {
    public DatabaseState {
        tables = List.copyOf(tables);
        sequences = List.copyOf(sequences);
        extensions = List.copyOf(extensions);
    }

    public long rows() {
        return tables.stream().mapToLong(TableState::rows).sum();
    }

    /**
     * One table: {@code md5} is the md5 over the md5 of every row's text, in primary-key order (or, without a
     * primary key, in the order of the rows' text), so one changed, missing or added row changes it.
     */
    public record TableState(String schema, String name, long rows, String md5) {
        public String qualified() {
            return schema + "." + name;
        }
    }

    /** {@code lastValue} is the sequence's value, or {@code null} when nextval was never called. */
    public record SequenceState(String schema, String name, String lastValue) {
        public String qualified() {
            return schema + "." + name;
        }
    }

    public record ExtensionState(String name, String version) {
    }
}
