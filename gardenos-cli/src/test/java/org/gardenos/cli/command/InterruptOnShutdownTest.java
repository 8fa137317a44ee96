package org.gardenos.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl-C (here SIGTERM) interrupts the command's thread, and the JVM waits until the command has finished up. */
class InterruptOnShutdownTest {

    /** Stands in for a long apply: waits to be interrupted, then "prints its recap" and closes the guard. */
    public static final class LongCommand {
        public static void main(String[] args) throws Exception {
            try (InterruptOnShutdown guard = InterruptOnShutdown.install()) {
                System.out.println("started");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                    System.out.println("not interrupted");
                } catch (InterruptedException e) {
                    Thread.sleep(300); // running work finishing: shutdown must wait for it
                    System.out.println("recap printed after interrupt");
                }
                System.out.flush();
            }
        }
    }

    @Test
    void sigtermInterruptsTheCommandAndWaitsForItsRecap() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LongCommand.class.getName())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("started");

        p.toHandle().destroy(); // SIGTERM, as Ctrl-C's SIGINT: JVM shutdown begins (Process.destroy would close our pipe)

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out.readLine()).isEqualTo("recap printed after interrupt");
    }

    @Test
    void closingTheGuardRemovesTheHook() {
        InterruptOnShutdown guard = InterruptOnShutdown.install();
        guard.close();

        // a removed hook can be neither removed again nor left behind to interrupt a later thread
        assertThat(guard.hookRegistered()).isFalse();
    }
}
