package org.gardenos.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.gardenos.cli.command.CliIo;

/**
 * The build's training run for the launcher's AppCDS archive (gardenos-cli/pom.xml runs it once at {@code package}
 * under {@code -XX:ArchiveClassesAtExit}): loads, without initialising, every class named in a class list, then runs
 * one CLI command. The JVM archives every class loaded by then, so the archive holds the classes of the commands the
 * list was recorded from ({@code status}, {@code plan}, {@code apply} on real hosts: sshj, the engine, the etcd
 * client), not only those of the command run here, which cannot reach hosts at build time.
 *
 * <p>Arguments: {@code CLASS_LIST [COMMAND...]}. The list is {@code -XX:DumpLoadedClassList} output: one binary
 * class name a line ({@code a/b/C}); {@code #} comments and {@code @} lines are skipped. Lambdas are not replayed
 * from the list's {@code @lambda-proxy} lines: tried, and JDK 17's dynamic dump crashed (SIGSEGV in
 * {@code SystemDictionaryShared::adjust_lambda_proxy_class_dictionary}) once {@code validate} ran after them. A
 * name this jar or JDK lacks (the list was recorded from an older build) is skipped too: the archive only ever lacks
 * classes, which the launcher then loads from the jar as without it. Not for users; {@code java -jar} never runs it.
 */
public final class ArchiveTraining {
    private ArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        Main.reflectiveGuice(); // as a command runs: Guice's reflective classes, not its generated ones
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        int loaded = load(lines);
        // stderr: the build log says how much of the list this jar still has (a stale list shows as a low count)
        System.err.println("ArchiveTraining: " + loaded + " classes of " + args[0] + " loaded");
        if (args.length > 1) {
            GardenCli.run(CliIo.system(), Arrays.copyOfRange(args, 1, args.length));
        }
    }

    /** Loads (not initialises: no static initialiser of a class runs) every class of the list; returns how many. */
    static int load(List<String> classList) {
        ClassLoader loader = ArchiveTraining.class.getClassLoader();
        int loaded = 0;
        for (String name : names(classList)) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                // not in this jar or JDK (any more), or not loadable alone: it just stays out of the archive
            }
        }
        return loaded;
    }

    /** The class names of a class list, as {@link Class#forName} takes them. */
    static List<String> names(List<String> lines) {
        return lines.stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("@"))
                .map(l -> l.split("\\s", 2)[0].replace('/', '.'))
                // hidden and generated classes (lambdas, proxies, Guice's fast classes) cannot be loaded by name
                .filter(n -> !n.contains("$$") && !n.contains("$Proxy") && !n.contains("+0x"))
                .toList();
    }
}
