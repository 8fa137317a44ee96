package org.gardenos.postgres.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gardenos.error.GardenException;
import org.gardenos.postgres.backup.DatabaseState.ExtensionState;
import org.gardenos.postgres.backup.DatabaseState.SequenceState;
import org.gardenos.postgres.backup.DatabaseState.TableState;

/**
 * The catalog queries behind a manifest and a comparison. Each query answers JSON (one line), parsed here: the
 * server's answer is data, never trusted text. The same queries run on the source at backup time and on the target
 * after a restore, so both sides are measured the same way.
 */
public final class Catalog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname !~ '^pg_(toast|temp)'";
    private static final String NOT_EXTENSION_MEMBER = "NOT EXISTS (SELECT 1 FROM pg_depend d"
            + " WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')";

    private final SqlEndpoint endpoint;

    public Catalog(SqlEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public ServerState server() {
        JsonNode n = one("postgres", "SELECT json_build_object("
                + "'num', current_setting('server_version_num')::int, 'version', version(),"
                + " 'databases', (SELECT json_agg(datname ORDER BY datname) FROM pg_database"
                + " WHERE NOT datistemplate AND datallowconn),"
                + " 'roles', (SELECT json_agg(rolname ORDER BY rolname) FROM pg_roles WHERE rolname !~ '^pg_'))");
        return new ServerState(n.path("num").asInt(), n.path("version").asText(), strings(n.path("databases")),
                strings(n.path("roles")));
    }

    /** The database's tables (with rows and checksums), sequences, extensions and owner. */
    public DatabaseState database(String database) {
        JsonNode n = one(database, "SELECT json_build_object("
                + "'owner', (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()),"
                + " 'tables', (SELECT json_agg(json_build_object('schema', n.nspname, 'name', c.relname, 'pk',"
                + "   (SELECT json_agg(json_build_object('column', a.attname, 'collatable', a.attcollation <> 0)"
                + "      ORDER BY k.ord) FROM pg_index i"
                + "      CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
                + "      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + "      WHERE i.indrelid = c.oid AND i.indisprimary)) ORDER BY n.nspname, c.relname)"
                + "   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + "   WHERE c.relkind = 'r' AND " + USER_SCHEMA + " AND " + NOT_EXTENSION_MEMBER + "),"
                + " 'sequences', (SELECT json_agg(json_build_object('schema', s.schemaname, 'name', s.sequencename,"
                + "   'last', s.last_value::text) ORDER BY s.schemaname, s.sequencename) FROM pg_sequences s"
                + "   JOIN pg_namespace n ON n.nspname = s.schemaname JOIN pg_class c ON c.relnamespace = n.oid"
                + "   AND c.relname = s.sequencename WHERE " + NOT_EXTENSION_MEMBER + "),"
                + " 'extensions', (SELECT json_agg(json_build_object('name', extname, 'version', extversion)"
                + "   ORDER BY extname) FROM pg_extension))");
        List<TableState> tables = checksums(database, n.path("tables"));
        List<SequenceState> sequences = new ArrayList<>();
        n.path("sequences").forEach(s -> sequences.add(new SequenceState(text(s, "schema"), text(s, "name"),
                s.path("last").isNull() ? null : text(s, "last"))));
        List<ExtensionState> extensions = new ArrayList<>();
        n.path("extensions").forEach(e -> extensions.add(new ExtensionState(text(e, "name"), text(e, "version"))));
        return new DatabaseState(database, text(n, "owner"), tables, sequences, extensions);
    }

    /**
     * What makes a database not empty, at most {@code limit} items ("table public.x", "extension pgcrypto"): any
     * relation in a user schema and any extension but plpgsql. Empty when the database has none.
     */
    public List<String> userObjects(String database, int limit) {
        JsonNode n = one(database, "SELECT coalesce(json_agg(o), '[]') FROM (SELECT o FROM ("
                + "SELECT CASE c.relkind WHEN 'r' THEN 'table ' WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view '"
                + " WHEN 'S' THEN 'sequence ' WHEN 'p' THEN 'table ' ELSE 'relation ' END || n.nspname || '.' || c.relname AS o"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'v', 'm', 'S', 'f', 'p') AND " + USER_SCHEMA + " AND " + NOT_EXTENSION_MEMBER
                + " UNION ALL SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql') x"
                + " ORDER BY o LIMIT " + limit + ") y");
        return strings(n);
    }

    /** One statement per table, sent together: one answer line per table. */
    private List<TableState> checksums(String database, JsonNode tables) {
        if (!tables.isArray() || tables.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder();
        for (JsonNode t : tables) {
            sql.append("SELECT json_build_object('rows', count(*), 'md5', md5(coalesce(string_agg(md5(ROW(r.*)::text), ''")
                    .append(" ORDER BY ").append(order(t.path("pk"))).append("), ''))) FROM ")
                    .append(ident(text(t, "schema"))).append('.').append(ident(text(t, "name"))).append(" r;\n");
        }
        List<String> lines = endpoint.query(database, sql.toString());
        if (lines.size() != tables.size()) {
            throw new GardenException(endpoint.describe() + ": database " + database + ": " + tables.size()
                    + " tables but " + lines.size() + " checksum answers");
        }
        List<TableState> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode t = tables.get(i);
            JsonNode c = parse(lines.get(i));
            out.add(new TableState(text(t, "schema"), text(t, "name"), c.path("rows").asLong(), text(c, "md5")));
        }
        return out;
    }

    /** Primary-key order, text columns in collation "C" (the same order on any server); else the row's text. */
    private static String order(JsonNode pk) {
        if (!pk.isArray() || pk.isEmpty()) {
            return "ROW(r.*)::text COLLATE \"C\"";
        }
        List<String> parts = new ArrayList<>();
        pk.forEach(c -> parts.add("r." + ident(text(c, "column")) + (c.path("collatable").asBoolean() ? " COLLATE \"C\"" : "")));
        return String.join(", ", parts);
    }

    /** A quoted SQL identifier; the name comes from the server's catalog, so it is quoted, never trusted. */
    static String ident(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new GardenException("an identifier from the catalog holds a NUL character");
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private JsonNode one(String database, String sql) {
        List<String> lines = endpoint.query(database, sql + ";\n");
        if (lines.size() != 1) {
            throw new GardenException(endpoint.describe() + ": database " + database + ": a catalog query answered "
                    + lines.size() + " lines instead of 1");
        }
        return parse(lines.get(0));
    }

    private JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new GardenException(endpoint.describe() + ": a catalog query answered something that is not JSON: "
                    + Bounded.line(line.length() > 200 ? line.substring(0, 200) : line));
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String text(JsonNode node, String field) {
        return Optional.ofNullable(node.get(field)).filter(v -> !v.isNull()).map(JsonNode::asText)
                .orElseThrow(() -> new GardenException("a catalog answer lacks '" + field + "'"));
    }
}
