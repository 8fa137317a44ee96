package org.gardenos.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.gardenos.error.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of damaged copies of the example inventory (characters dropped, inserted, lines swapped or cut):
 * each one either loads or is refused with well-formed one-line messages; nothing else ever escapes the loader.
 * The seed is fixed, so a failure is reproducible.
 */
class InventoryMutationTest {
    private static final Pattern LINE = Pattern.compile("gardenos\\.yaml(:\\d+:\\d+)?: \\S.*");
    private static final String NOISE = " :-[]{}&*!|>'\"#%@`,?\t\n0123456789abcXYZ~/.\u00e9";

    @TempDir
    Path dir;

    @Test
    void damagedInventoriesAreRefusedCleanly() throws IOException {
        InventoryFixture fx = new InventoryFixture(dir);
        String example = Files.readString(Path.of("..", "examples", "gardenos.yaml"));
        Random random = new Random(20250604);
        int refused = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            int count = 0;
            for (int i = 0; i < 1500; i++) {
                String damaged = damage(example, random);
                try {
                    InventoryFixture.LOADER.home(fx.home).parse(damaged, Path.of("gardenos.yaml"));
                } catch (InputException e) {
                    count++;
                    assertThat(e.lines()).as("mutation %d:%n%s", i, damaged).isNotEmpty()
                            .allSatisfy(line -> assertThat(line).matches(LINE));
                }
            }
            return count;
        });
        // most damage must be noticed; if nearly nothing is refused, the test isn't testing
        assertThat(refused).isGreaterThan(750);
    }

    private static String damage(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && out.length() > 1; e++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
                case 2 -> out.setCharAt(at, NOISE.charAt(random.nextInt(NOISE.length())));
                default -> {
                    List<String> lines = new ArrayList<>(List.of(out.toString().split("\n", -1)));
                    int a = random.nextInt(lines.size());
                    int b = random.nextInt(lines.size());
                    String moved = lines.remove(a);
                    lines.add(Math.min(b, lines.size()), moved);
                    out = new StringBuilder(String.join("\n", lines));
                }
            }
        }
        return out.toString();
    }
}
