package org.gardenos.postgres.backup;

import java.io.OutputStream;
import java.util.List;

/** A PostgreSQL server at a URL, read and dumped with this machine's client programs ({@link PgClientTools}). */
public final class UrlEndpoint implements SqlEndpoint {
    private final PgClientTools tools;
    private final String label;

    public UrlEndpoint(PgClientTools tools, String label) {
        this.tools = tools;
        this.label = label;
    }

    public PgClientTools tools() {
        return tools;
    }

    @Override
    public String describe() {
        return label;
    }

    @Override
    public List<String> query(String database, String sql) {
        return Bounded.lines(tools.psql(database, sql));
    }

    @Override
    public void dump(String database, OutputStream out) {
        tools.pgDump(database, out);
    }

    @Override
    public void dumpGlobals(OutputStream out) {
        tools.pgDumpGlobals(out);
    }
}
