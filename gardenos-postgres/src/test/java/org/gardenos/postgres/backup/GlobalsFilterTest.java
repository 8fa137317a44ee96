package org.gardenos.postgres.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.gardenos.error.InputException;
import org.junit.jupiter.api.Test;

/** Pure: which lines of a pg_dumpall --globals-only script reach a target, and how a URL is taken apart. */
class GlobalsFilterTest {
    private static final String GLOBALS = """
            --
            -- PostgreSQL database cluster dump
            --
            SET default_transaction_read_only = off;
            CREATE ROLE anon;
            ALTER ROLE anon WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;
            CREATE ROLE postgres;
            ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:x';
            CREATE ROLE "Odd \"\"name\"\"";
            ALTER ROLE "Odd \"\"name\"\"" WITH LOGIN PASSWORD 'SCRAM-SHA-256$4096:y';
            GRANT anon TO "Odd \"\"name\"\"" GRANTED BY postgres;
            """;

    @Test
    void rolesTheTargetHasAreLeftAloneAboveAllTheSuperusersPassword() {
        GlobalsFilter.Result r = GlobalsFilter.filter(GLOBALS, Set.of("postgres", "standby"));
        assertThat(r.created()).containsExactly("anon", "Odd \"name\"");
        assertThat(r.skipped()).containsExactly("postgres");
        assertThat(r.script()).doesNotContain("ALTER ROLE postgres").doesNotContain("SET ")
                .contains("GRANT anon TO \"Odd \"\"name\"\"\" GRANTED BY postgres;")
                .contains("ALTER ROLE \"Odd \"\"name\"\"\" WITH LOGIN PASSWORD");
    }

    @Test
    void aUrlIsTakenApartAndNeverShowsItsPassword() {
        PostgresUrl url = PostgresUrl.parse("postgresql://app:s%3Acret@db.example.org:6432/shop?sslmode=require");
        assertThat(url).extracting(PostgresUrl::host, PostgresUrl::port, PostgresUrl::user, PostgresUrl::password,
                PostgresUrl::database, PostgresUrl::sslMode)
                .containsExactly("db.example.org", 6432, "app", Optional.of("s:cret"), "shop", Optional.of("require"));
        assertThat(url.toString()).isEqualTo("postgres://app@db.example.org:6432/shop?sslmode=require")
                .doesNotContain("s:cret");
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://x@y/z")).isInstanceOf(InputException.class)
                .hasMessage("--from-url: scheme must be postgres:// or postgresql://");
    }

    @Test
    void aDatabaseNameIsNeverReadAsAConnectionString() {
        assertThat(PgClientTools.conninfo("host=evil port=1")).isEqualTo("dbname='host=evil port=1'");
        assertThat(PgClientTools.conninfo("it's\\")).isEqualTo("dbname='it\\'s\\\\'");
    }
}
