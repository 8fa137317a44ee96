package org.gardenos.postgres.backup;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gardenos.error.InputException;

/**
 * A {@code postgres://USER[:PASSWORD]@HOST[:PORT][/DATABASE][?sslmode=MODE]} URL, taken apart so that the password
 * reaches a client program only through a 0600 password file ({@link PgClientTools}), never its arguments.
 * {@link #toString()} never shows the password.
 */
public record PostgresUrl(String host, int port, String user, Optional<String> password, String database,
                          Optional<String> sslMode) {
    public PostgresUrl {
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
            throw new InputException("postgres URL: host '" + host + "' is not a host name or address");
        }
    }

    /** Parses the URL; bad input is an {@link InputException} naming the part (never echoing a password). */
    public static PostgresUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InputException("--from-url: not a URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE)");
        }
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new InputException("--from-url: scheme must be postgres:// or postgresql://");
        }
        if (uri.getHost() == null) {
            throw new InputException("--from-url: no host (postgres://USER:PASSWORD@HOST:PORT/DATABASE)");
        }
        String userInfo = Optional.ofNullable(uri.getRawUserInfo()).orElse("postgres");
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        Optional<String> password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
        String path = Optional.ofNullable(uri.getPath()).orElse("");
        String database = path.length() > 1 ? path.substring(1) : "postgres";
        Map<String, String> query = query(uri.getRawQuery());
        return new PostgresUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, database,
                Optional.ofNullable(query.get("sslmode")));
    }

    public PostgresUrl withDatabase(String other) {
        return new PostgresUrl(host, port, user, password, other, sslMode);
    }

    @Override
    public String toString() {
        return "postgres://" + user + "@" + host + ":" + port + "/" + database
                + sslMode.map(m -> "?sslmode=" + m).orElse("");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
