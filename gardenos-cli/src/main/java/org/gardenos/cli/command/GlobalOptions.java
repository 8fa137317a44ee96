package org.gardenos.cli.command;

import java.nio.file.Path;
import java.util.Optional;

/** The global options as given on the command line, read after parsing. */
public record GlobalOptions(Path file, Optional<Path> stateDir, boolean verbose, OutputFormat output) {

    /** The state directory to use for {@code cluster}: {@code --state-dir}, else {@code ~/.gardenos/CLUSTER}. */
    public Path stateDirFor(String cluster, Path home) {
        return stateDir.orElseGet(() -> home.resolve(".gardenos").resolve(cluster));
    }
}
