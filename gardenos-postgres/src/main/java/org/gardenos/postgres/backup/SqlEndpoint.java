package org.gardenos.postgres.backup;

import java.io.OutputStream;
import java.util.List;

/**
 * A PostgreSQL server GardenOS reads and dumps: inside a Docker container over SSH ({@link DockerEndpoint}) or at a
 * URL with this machine's client programs ({@link UrlEndpoint}). Everything read from it is untrusted: the callers
 * parse it as JSON into records and bound it.
 */
public interface SqlEndpoint {
    /** Where the data comes from, for the manifest and messages (no password). */
    String describe();

    /** Runs {@code sql} (statements each answering one row of one column) in {@code database}: one line per row. */
    List<String> query(String database, String sql);

    /** {@code pg_dump --format=custom} of {@code database} into {@code out}. */
    void dump(String database, OutputStream out);

    /** {@code pg_dumpall --globals-only} (roles with their password hashes: a secret) into {@code out}. */
    void dumpGlobals(OutputStream out);
}
