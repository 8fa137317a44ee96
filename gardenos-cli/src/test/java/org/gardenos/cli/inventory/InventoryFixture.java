package org.gardenos.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.LoadedInventory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gardenos.cli.command.LayerModules;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.error.InputException;

/**
 * An inventory directory in a test's temp dir, with a fake home holding {@code ~/.ssh/id_ed25519} (a placeholder,
 * not a key: the loader only checks that it exists). Messages are returned with the temp dir cut off, so that
 * tests compare them against {@code gardenos.yaml:LINE:COL: ...} exactly.
 */
final class InventoryFixture {
    /** The CLI's loader: every shipped layer module's section, in the CLI's order. */
    static final InventoryLoader LOADER = LayerModules.shipped().inventoryLoader();

    static final String MINIMAL = """
            cluster: garden
            hosts:
              - name: node-1
                address: 203.0.113.11
                roles: [etcd, server]
            """;

    final Path dir;
    final Path home;
    final Path file;

    InventoryFixture(Path dir) {
        this.dir = dir;
        this.home = dir.resolve("home");
        this.file = dir.resolve("gardenos.yaml");
        try {
            Files.createDirectories(home.resolve(".ssh"));
            Files.writeString(home.resolve(".ssh/id_ed25519"), "placeholder, not a key\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LoadedInventory load(String yaml) {
        write(yaml);
        return InventoryFixture.LOADER.home(home).load(file);
    }

    Inventory inventory(String yaml) {
        LoadedInventory loaded = load(yaml);
        assertThat(loaded.warnings()).as("warnings").isEmpty();
        return loaded.inventory();
    }

    List<String> warnings(String yaml) {
        return load(yaml).warnings().stream().map(this::relative).toList();
    }

    /** The error lines of an inventory that must be refused. */
    List<String> errors(String yaml) {
        write(yaml);
        return errorsOfFile();
    }

    List<String> errorsOfFile() {
        InputException e = catchThrowableOfType(InputException.class, () -> InventoryFixture.LOADER.home(home).load(file));
        assertThat(e).as("InputException for an invalid inventory").isNotNull();
        assertThat(e.lines()).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("\n"));
        return e.lines().stream().map(this::relative).toList();
    }

    void write(String yaml) {
        write(yaml.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path createFile(String relative) {
        try {
            Path path = dir.resolve(relative);
            Files.createDirectories(path.getParent());
            Files.writeString(path, "placeholder\n");
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line with the temp dir cut from the file name at its start (paths inside the message stay whole). */
    private String relative(String line) {
        String prefix = dir + "/";
        return line.startsWith(prefix) ? line.substring(prefix.length()) : line;
    }

    /** {@link #MINIMAL} plus a section or key appended at the end. */
    static String minimalWith(String more) {
        return MINIMAL + more.stripIndent();
    }
}
