package org.gardenos.cli.command;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CLI writes and what it reads from its surroundings. Data (tables, JSON) goes to {@code out};
 * messages, errors and usage hints to {@code err}. Tests hand in string-backed writers and a fixed environment.
 */
public record CliIo(PrintWriter out, PrintWriter err, Map<String, String> env) {
    public CliIo {
        env = Map.copyOf(env);
    }

    public static CliIo system() {
        // host output reaches both: escaped on its way to the terminal
        return new CliIo(TerminalSafeWriter.wrap(new PrintWriter(System.out, true)),
                TerminalSafeWriter.wrap(new PrintWriter(System.err, true)), System.getenv());
    }

    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name));
    }
}
