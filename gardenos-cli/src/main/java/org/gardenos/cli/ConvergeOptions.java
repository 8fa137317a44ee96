package org.gardenos.cli;

import java.util.ArrayList;
import java.util.List;
import org.gardenos.engine.RunOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.gardenos.cli.command.HostKeyOption;

/** What {@code plan} and {@code apply} share: the layers to run and how to reach the hosts. */
final class ConvergeOptions {
    @Parameters(paramLabel = "LAYER", arity = "0..*",
            description = "Layers to run, in any order; they run in dependency order. None: every layer.")
    List<String> layers = new ArrayList<>();

    @Mixin
    HostKeyOption hostKeys = new HostKeyOption();

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Hosts worked on at the same time (default: " + RunOptions.DEFAULT_PARALLELISM + ").")
    int parallelism = RunOptions.DEFAULT_PARALLELISM;

    String[] layerArray() {
        return layers.toArray(String[]::new);
    }
}
