package org.gardenos.postgres.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gardenos.error.InputException;

/**
 * The JSON written next to a backup ({@code NAME.manifest.json} beside {@code NAME.tar}): where it came from, the
 * server version, when, the roles, every database's tables (rows, checksums), sequences and extensions, which tar
 * entry holds which dump, and the archive's sha256 and size. It holds no password.
 */
public record Manifest(int format, String source, int serverVersionNum, String serverVersion, String createdAt,
                       String archive, String sha256, long bytes, List<String> roles, List<DatabaseState> databases,
                       List<Dump> dumps) {
    public static final int FORMAT = 1;
    public static final String GLOBALS_ENTRY = "globals.sql";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Manifest {
        roles = List.copyOf(roles);
        databases = List.copyOf(databases);
        dumps = List.copyOf(dumps);
    }

    /** Which tar entry holds the custom-format dump of which database. */
    public record Dump(String database, String entry) {
    }

    public int major() {
        return serverVersionNum / 10000;
    }

    public Optional<DatabaseState> database(String name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("manifest not serializable", e);
        }
    }

    /** The manifest beside {@code archive}; a missing or unreadable one is bad input naming the file. */
    public static Manifest besides(Path archive) {
        Path file = pathBesides(archive);
        if (!Files.isRegularFile(file)) {
            throw new InputException(archive + ": no manifest " + file.getFileName() + " beside it: not a complete"
                    + " GardenOS backup (an interrupted backup leaves none)");
        }
        try {
            Manifest m = JSON.readValue(file.toFile(), Manifest.class);
            if (m.format() != FORMAT) {
                throw new InputException(file + ": manifest format " + m.format() + ", this GardenOS reads " + FORMAT);
            }
            return m;
        } catch (IOException e) {
            throw new InputException(file + ": not a readable manifest: " + Bounded.line(String.valueOf(e.getMessage())));
        }
    }

    public static Path pathBesides(Path archive) {
        String name = archive.getFileName().toString();
        String base = name.endsWith(".tar") ? name.substring(0, name.length() - 4) : name;
        return archive.resolveSibling(base + ".manifest.json");
    }

}
