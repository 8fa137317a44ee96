package org.gardenos.cli;
import org.gardenos.cli.command.CliIo;

/** {@code java -jar gardenos-cli.jar ...}: runs one command and exits with its code. */
public final class Main {
    /**
     * Guice's own switch (read once, when Guice's classes initialise): construct with reflection instead of
     * generating a "fast class" per injected type. A command builds each object once, so the generated classes
     * (and ASM to write them, about 70 classes no archive can hold) never pay back: about 40 ms of CPU per command
     * (docs/performance.md). GardenOS uses no Guice method interception, the one feature that needs generation.
     */
    static final String GUICE_BYTECODE_GEN = "guice_bytecode_gen_option";

    private Main() {
    }

    public static void main(String[] args) {
        reflectiveGuice();
        System.exit(GardenCli.run(CliIo.system(), args));
    }

    /** Before anything touches Guice; a value given with {@code -D} (GARDENOS_JAVA_OPTS) is kept. */
    static void reflectiveGuice() {
        if (System.getProperty(GUICE_BYTECODE_GEN) == null) {
            System.setProperty(GUICE_BYTECODE_GEN, "DISABLED");
        }
    }
}
