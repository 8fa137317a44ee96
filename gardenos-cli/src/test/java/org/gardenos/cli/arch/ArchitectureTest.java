package org.gardenos.cli.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules on structure, checked on the compiled main classes of every module (this module's tests see them all
 * through the reactor's target directories): no package cycles, the root package holds only the entry point,
 * dependencies point one way (core &lt;- layers &lt;- cli), no class over 400 lines and no method over 60.
 */
class ArchitectureTest {
    /** Module directory -> the packages it may use besides its own (its Maven dependencies). */
    private static final Map<String, List<String>> MODULES = new LinkedHashMap<>();

    static {
        MODULES.put("gardenos-core", List.of());
        MODULES.put("gardenos-nspawn", List.of("gardenos-core"));
        MODULES.put("gardenos-testkit", List.of("gardenos-core", "gardenos-nspawn"));
        MODULES.put("gardenos-etcd", List.of("gardenos-core"));
        MODULES.put("gardenos-lb", List.of("gardenos-core"));
        MODULES.put("gardenos-k3s", List.of("gardenos-core", "gardenos-lb"));
        MODULES.put("gardenos-postgres", List.of("gardenos-core", "gardenos-lb", "gardenos-k3s"));
        MODULES.put("gardenos-cli", List.of("gardenos-core", "gardenos-etcd", "gardenos-lb", "gardenos-k3s", "gardenos-postgres",
                "gardenos-nspawn", "gardenos-testkit"));
    }

    private static final Map<String, ClassFile> CLASSES = new TreeMap<>();
    private static final Map<String, String> MODULE_OF = new HashMap<>();

    @BeforeAll
    static void readClasses() {
        for (String module : MODULES.keySet()) {
            Path root = Path.of("..", module, "target", "classes");
            assertThat(root).as("compiled classes of " + module).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    ClassFile c = ClassFile.read(Files.readAllBytes(file));
                    CLASSES.put(c.name(), c);
                    MODULE_OF.put(c.name(), module);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(CLASSES).hasSizeGreaterThan(200);
    }

    private static String packageOf(String type) {
        return type.substring(0, type.lastIndexOf('.'));
    }

    @Test
    void noPackageCycles() {
        Map<String, Set<String>> graph = new TreeMap<>();
        CLASSES.values().forEach(c -> {
            Set<String> uses = graph.computeIfAbsent(packageOf(c.name()), p -> new TreeSet<>());
            c.references().stream().filter(CLASSES::containsKey).map(ArchitectureTest::packageOf)
                    .filter(p -> !p.equals(packageOf(c.name()))).forEach(uses::add);
        });
        List<Set<String>> cycles = PackageCycles.stronglyConnected(graph).stream().filter(s -> s.size() > 1).toList();
        assertThat(cycles).as("package cycles (each set of packages uses itself in a circle)").isEmpty();
    }

    @Test
    void theRootPackageHoldsOnlyTheEntryPoint() {
        List<String> root = CLASSES.keySet().stream().filter(n -> packageOf(n).equals("org.gardenos"))
                .map(n -> n.replaceAll("\\$.*", "")).distinct().toList();
        assertThat(root).containsExactly("org.gardenos.GardenOS");
    }

    @Test
    void dependenciesPointOneWay() {
        List<String> wrong = new ArrayList<>();
        CLASSES.values().forEach(c -> {
            String module = MODULE_OF.get(c.name());
            for (String used : c.references()) {
                String usedModule = MODULE_OF.get(used);
                if (usedModule != null && !usedModule.equals(module) && !MODULES.get(module).contains(usedModule)) {
                    wrong.add(c.name() + " (" + module + ") uses " + used + " (" + usedModule + ")");
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void noMethodOverSixtyLines() {
        List<String> long_ = new ArrayList<>();
        CLASSES.values().forEach(c -> c.methodLines().forEach((method, lines) -> {
            if (lines > 60) {
                long_.add(c.name() + "." + method + ": " + lines + " lines");
            }
        }));
        assertThat(long_).isEmpty();
    }

    @Test
    void noClassOverFourHundredLines() throws IOException {
        List<String> big = new ArrayList<>();
        for (String module : MODULES.keySet()) {
            try (Stream<Path> files = Files.walk(Path.of("..", module, "src", "main", "java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    long lines = Files.readAllLines(file).size();
                    if (lines > 400) {
                        big.add(file + ": " + lines + " lines");
                    }
                }
            }
        }
        assertThat(big).isEmpty();
    }
}
