package org.gardenos.cli;

import com.google.inject.Module;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.Consumer;
import org.gardenos.cli.command.CliIo;

/** One in-process invocation of the CLI with captured stdout and stderr. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun run(String... args) {
        return run(Map.of(), cli -> { }, new Module[0], args);
    }

    public static CliRun run(Map<String, String> env, Consumer<GardenCli> customise, Module[] overrides, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        GardenCli cli = new GardenCli(new CliIo(new PrintWriter(out), new PrintWriter(err), env), overrides);
        customise.accept(cli);
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
