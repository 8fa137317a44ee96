package org.gardenos.cli;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gardenos.cli.output.Json;
import picocli.CommandLine.Command;
import org.gardenos.cli.command.CliIo;
import org.gardenos.cli.command.ExitCode;
import org.gardenos.cli.command.OutputFormat;

/** {@code gardenos version}: the version of GardenOS and of the Java runtime running it. */
@Command(name = "version", description = "Print the GardenOS version.")
final class VersionCommand implements Callable<Integer> {
    private final CliIo io;
    private final GardenosCommand top;

    @Inject
    VersionCommand(CliIo io, GardenosCommand top) {
        this.io = io;
        this.top = top;
    }

    @Override
    public Integer call() {
        String version = VersionProvider.version();
        String java = System.getProperty("java.version");
        if (top.options().output() == OutputFormat.JSON) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("version", version);
            doc.put("java", java);
            io.out().println(Json.write(doc));
        } else {
            io.out().println("gardenos " + version + " (Java " + java + ")");
        }
        io.out().flush();
        return ExitCode.OK;
    }
}
