package org.gardenos.cli;
import org.gardenos.cli.command.CliIo;

/** {@code java -jar gardenos-cli.jar ...}: runs one command and exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(GardenCli.run(CliIo.system(), args));
    }
}
