package org.gardenos.postgres.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real PostgreSQL 15 in a real Docker container, holding a database shaped like a small Supabase one: schemas
 * {@code auth}, {@code storage}, {@code extensions} and {@code public}; pgcrypto (a Debian-shipped extension) in
 * {@code extensions}; tables with 10,000+ rows (one without a primary key), sequences (one used, one never), a
 * view, and roles with generated passwords. The image is made from this machine's Debian postgresql-15 package
 * ({@code postgres-rootfs.sh}) and loaded with {@code docker import} under a local-only name; the container runs
 * with {@code --pull=never} and no network.
 */
public final class SupabaseShapedContainer {
    static final String IMAGE = "gardenos-test/postgres15-debian:local";
    public static final String NAME = "supabase-db";
    public final List<String> rolePasswords;

    private SupabaseShapedContainer(List<String> rolePasswords) {
        this.rolePasswords = rolePasswords;
    }

    public static SupabaseShapedContainer start(DockerEngine docker, Path work) throws IOException, InterruptedException {
        Path script = work.resolve("postgres-rootfs.sh");
        try (var in = SupabaseShapedContainer.class.getResourceAsStream("postgres-rootfs.sh")) {
            Files.write(script, in.readAllBytes());
        }
        docker.importImage(List.of("sh", script.toString()), IMAGE, "PATH=/usr/lib/postgresql/15/bin:/usr/bin:/bin");
        docker.dockerOrFail(new byte[0], "run", "-d", "--pull=never", "--network=none", "--user=postgres",
                "--name=" + NAME, IMAGE, "/bin/sh", "-c", "initdb -D /var/lib/postgresql/data -U postgres"
                        + " --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >/dev/null"
                        + " && exec postgres -D /var/lib/postgresql/data -c listen_addresses="
                        + " -c unix_socket_directories=/var/run/postgresql");
        long end = System.nanoTime() + 60_000_000_000L;
        while (!docker.docker(new byte[0], "exec", NAME, "pg_isready", "-U", "postgres").contains("accepting")) {
            if (System.nanoTime() > end) {
                throw new IOException("the container's PostgreSQL did not get ready: "
                        + docker.docker(new byte[0], "logs", NAME));
            }
            Thread.sleep(200);
        }
        List<String> passwords = List.of(LocalPostgres.randomPassword(), LocalPostgres.randomPassword());
        docker.dockerOrFail(sql(passwords).getBytes(StandardCharsets.UTF_8), "exec", "-i", NAME, "psql", "-X", "-q",
                "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d", "postgres");
        return new SupabaseShapedContainer(passwords);
    }

    /** The SQL, fed on stdin (the role passwords never reach a process argument). */
    private static String sql(List<String> passwords) {
        return """
                CREATE ROLE anon NOLOGIN;
                CREATE ROLE authenticated NOLOGIN;
                CREATE ROLE service_role NOLOGIN BYPASSRLS;
                CREATE ROLE authenticator LOGIN NOINHERIT PASSWORD '@PW@';
                CREATE ROLE supabase_admin LOGIN SUPERUSER PASSWORD '@PW@';
                GRANT anon, authenticated, service_role TO authenticator;
                CREATE SCHEMA extensions;
                CREATE EXTENSION pgcrypto SCHEMA extensions;
                CREATE SCHEMA auth AUTHORIZATION supabase_admin;
                CREATE SCHEMA storage AUTHORIZATION supabase_admin;
                CREATE TABLE auth.users (id uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid(),
                    email text NOT NULL UNIQUE, encrypted_password text, created_at timestamptz NOT NULL);
                INSERT INTO auth.users (email, encrypted_password, created_at)
                    SELECT 'user' || i || '@example.org', extensions.crypt('pw' || i, extensions.gen_salt('md5')),
                           timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute'
                    FROM generate_series(1, 10000) i;
                CREATE TABLE storage.objects (name text PRIMARY KEY, bucket text NOT NULL, size bigint, metadata jsonb);
                INSERT INTO storage.objects SELECT 'obj/' || i || '/é', 'bucket' || (i % 7), i * 31,
                    jsonb_build_object('n', i, 'tags', jsonb_build_array('a', i % 3))
                    FROM generate_series(1, 12000) i;
                CREATE TABLE public.orders (id bigserial PRIMARY KEY, user_email text NOT NULL,
                    total numeric(12,2) NOT NULL, note text);
                INSERT INTO public.orders (user_email, total, note) SELECT 'user' || (i % 10000 + 1) || '@example.org',
                    (i * 1.37)::numeric(12,2), CASE WHEN i % 5 = 0 THEN NULL ELSE repeat('x', i % 50) END
                    FROM generate_series(1, 20000) i;
                CREATE TABLE public.order_events (order_id bigint, kind text, at timestamptz);
                INSERT INTO public.order_events SELECT i % 20000 + 1, 'event' || (i % 4),
                    timestamptz '2026-02-01 00:00:00+00' + i * interval '1 second' FROM generate_series(1, 15000) i;
                CREATE SEQUENCE public.invoice_no START 1000;
                SELECT nextval('public.invoice_no') FROM generate_series(1, 42);
                CREATE SEQUENCE public.never_used;
                CREATE VIEW public.order_totals AS SELECT user_email, sum(total) AS total FROM public.orders
                    GROUP BY user_email;
                GRANT SELECT ON public.order_totals TO anon;
                """.replaceFirst("@PW@", passwords.get(0)).replaceFirst("@PW@", passwords.get(1));
    }
}
