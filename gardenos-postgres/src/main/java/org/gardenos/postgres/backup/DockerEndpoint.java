package org.gardenos.postgres.backup;

import static org.gardenos.remote.ShellQuoting.quote;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteHost;

/**
 * PostgreSQL inside a Docker container on an inventory host: every query and dump is {@code docker exec} over the
 * host's SSH connection (host key verified by the connector), run as the database user {@code dbUser} on the
 * container's local socket. The SQL goes in on stdin, so nothing of it is in a process argument.
 */
public final class DockerEndpoint implements SqlEndpoint {
    /** Docker's own rule for container names (and ids). */
    private static final Pattern CONTAINER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
    private static final Pattern DOCKER_HOST = Pattern.compile("unix:///[A-Za-z0-9._/-]+");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$-]{0,62}");

    private final RemoteHost host;
    private final String container;
    private final String dbUser;
    private final Optional<String> dockerHost;
    private final Duration timeout;

    public DockerEndpoint(RemoteHost host, String container, String dbUser, Optional<String> dockerHost,
                          Duration timeout) {
        if (!CONTAINER.matcher(container).matches()) {
            throw new InputException("--from-docker: '" + container + "' is not a Docker container name");
        }
        if (!ROLE.matcher(dbUser).matches()) {
            throw new InputException("--db-user: '" + dbUser + "' is not a PostgreSQL role name");
        }
        dockerHost.filter(h -> !DOCKER_HOST.matcher(h).matches()).ifPresent(h -> {
            throw new InputException("--docker-host: '" + h + "' is not unix:///PATH");
        });
        this.host = host;
        this.container = container;
        this.dbUser = dbUser;
        this.dockerHost = dockerHost;
        this.timeout = timeout;
    }

    @Override
    public String describe() {
        return "docker:" + host.name() + "/" + container;
    }

    @Override
    public List<String> query(String database, String sql) {
        String command = docker("-i") + " psql -X -q -A -t -v ON_ERROR_STOP=1 -U " + quote(dbUser) + " -d "
                + quote(database);
        CommandResult result = host.exec(command, sql.getBytes(StandardCharsets.UTF_8));
        if (!result.ok()) {
            throw new GardenException(host.name() + ": `" + result.command() + "` exited " + result.exitCode() + ": "
                    + Bounded.line(result.stderr()));
        }
        return Bounded.lines(result.stdout());
    }

    @Override
    public void dump(String database, OutputStream out) {
        stream(docker("") + " pg_dump --format=custom -U " + quote(dbUser) + " -d " + quote(database), out);
    }

    @Override
    public void dumpGlobals(OutputStream out) {
        stream(docker("") + " pg_dumpall --globals-only --no-tablespaces -U " + quote(dbUser), out);
    }

    private void stream(String command, OutputStream out) {
        CommandResult result = host.execStreaming(command, out, timeout);
        if (!result.ok()) {
            throw new GardenException(host.name() + ": `" + result.command() + "` exited " + result.exitCode() + ": "
                    + Bounded.line(result.stderr()));
        }
    }

    private String docker(String flags) {
        return "docker" + dockerHost.map(h -> " -H " + quote(h)).orElse("") + " exec" + (flags.isEmpty() ? "" : " " + flags)
                + " " + quote(container);
    }
}
