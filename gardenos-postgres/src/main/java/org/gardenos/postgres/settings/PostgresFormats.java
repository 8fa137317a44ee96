package org.gardenos.postgres.settings;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.custom.QuantityFormatException;
import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;
import org.gardenos.inventory.Formats;
import org.gardenos.inventory.InvalidValueException;
import org.gardenos.inventory.Problems;
import org.gardenos.inventory.Section;

/**
 * Syntax rules of the {@code postgres:} section's values. Lives in the inventory package only because core's
 * {@link Section} reader is package-private today; it moves with the parser once core exposes a section SPI.
 */
final class PostgresFormats {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern PARAMETER = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9]([a-z0-9._/:-]*[a-z0-9])?(@sha256:[0-9a-f]{64})?");
    /** Login roles GardenOS creates itself (superuser, replication, admin) and PostgreSQL's reserved prefix. */
    static final Set<String> RESERVED_ROLES = Set.of("postgres", "standby", "admin", "public", "none");
    /**
     * Parameters Patroni or GardenOS set themselves: where PostgreSQL listens and stores data, its name in the DCS,
     * and SSL, which pg_hba requires for every network client.
     */
    static final Set<String> MANAGED_PARAMETERS = Set.of("listen_addresses", "port", "data_directory", "config_file",
            "hba_file", "ident_file", "cluster_name", "unix_socket_directories", "ssl", "ssl_cert_file",
            "ssl_key_file", "ssl_ca_file");

    private PostgresFormats() {
    }

    static Flavor flavor(String value) throws InvalidValueException {
        return Flavor.fromYaml(value).orElseThrow(() -> new InvalidValueException(Problems.quote(value)
                + " is not an image flavor (" + hint(value, Flavor.yamlNames()) + "flavors are "
                + String.join(", ", Flavor.yamlNames()) + ")"));
    }

    static String leaderLabel(String value) throws InvalidValueException {
        if (!value.equals("master") && !value.equals("primary")) {
            throw new InvalidValueException(Problems.quote(value) + " is not a Patroni leader role (Patroni 3 labels"
                    + " the leader 'master', Patroni 4 'primary')");
        }
        return value;
    }

    /** An image reference with an explicit tag or digest: a moving tag would change the cluster behind our back. */
    static String image(String value) throws InvalidValueException {
        if (!IMAGE.matcher(value).matches()) {
            throw new InvalidValueException(Problems.quote(value) + " is not an image reference"
                    + " (lower-case registry/name:tag or name@sha256:digest)");
        }
        int slash = value.lastIndexOf('/');
        boolean tagged = value.indexOf(':', slash + 1) > 0 || value.contains("@sha256:");
        if (!tagged || value.endsWith(":latest")) {
            throw new InvalidValueException(Problems.quote(value) + " has no pinned tag (write it with a version tag or"
                    + " digest, e.g. 'ghcr.io/zalando/spilo-16:3.2-p3'; 'latest' moves)");
        }
        return value;
    }

    /** A PostgreSQL role or database name GardenOS will quote as an identifier: lower-case, no quoting surprises. */
    static String identifier(String value) throws InvalidValueException {
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new InvalidValueException(Problems.quote(value) + " is not a PostgreSQL name GardenOS accepts"
                    + " (lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters)");
        }
        if (value.startsWith("pg_")) {
            throw new InvalidValueException(Problems.quote(value) + " starts with 'pg_', which PostgreSQL reserves");
        }
        return value;
    }

    static String roleName(String value) throws InvalidValueException {
        identifier(value);
        if (RESERVED_ROLES.contains(value)) {
            throw new InvalidValueException(Problems.quote(value) + " is a role GardenOS manages itself"
                    + " (superuser 'postgres', replication 'standby', 'admin'); pick another name");
        }
        return value;
    }

    static String parameterName(String value) throws InvalidValueException {
        if (!PARAMETER.matcher(value).matches()) {
            throw new InvalidValueException("parameter name " + Problems.quote(value) + " is not a PostgreSQL setting"
                    + " name (lower-case letters, digits and '_', optionally 'extension.name')");
        }
        if (MANAGED_PARAMETERS.contains(value)) {
            throw new InvalidValueException("parameter " + Problems.quote(value) + " is set by Patroni/GardenOS"
                    + " (listen address, port, data directory, cluster name and SSL are not configurable here)");
        }
        return value;
    }

    static String parameterValue(String value) throws InvalidValueException {
        if (value.length() > 1024 || value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException("parameter value " + Problems.quote(value)
                    + " is longer than 1024 characters or contains control characters");
        }
        return value;
    }

    /** A Kubernetes resource quantity ({@code 250m}, {@code 512Mi}, {@code 10Gi}); zero or negative is refused. */
    static String quantity(String value) throws InvalidValueException {
        if (positive(value).signum() <= 0) {
            throw new InvalidValueException(Problems.quote(value) + " must be larger than zero");
        }
        return value;
    }

    static BigDecimal positive(String value) throws InvalidValueException {
        try {
            if (value.isBlank() || value.startsWith("+") || value.startsWith("-")) {
                throw new QuantityFormatException(value);
            }
            return Quantity.fromString(value).getNumber();
        } catch (QuantityFormatException | NumberFormatException | ArithmeticException e) {
            throw new InvalidValueException(Problems.quote(value) + " is not a Kubernetes quantity (write it like '250m',"
                    + " '1', '512Mi' or '10Gi')");
        }
    }

    private static String hint(String value, Iterable<String> candidates) {
        return Section.closest(value, candidates).map(s -> "did you mean " + Problems.quote(s) + "? ").orElse("");
    }
}
