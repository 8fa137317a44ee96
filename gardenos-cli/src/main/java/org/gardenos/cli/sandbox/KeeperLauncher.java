package org.gardenos.cli.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.error.GardenException;
import org.gardenos.nspawn.LocalMachine;

/**
 * Starts {@link SandboxKeeper} as a background JVM from the same class path (the CLI jar), in its own session
 * ({@code setsid}) so closing the terminal does not take the hosts down, and waits until its hosts are ready.
 */
final class KeeperLauncher {
    static final Duration READY_TIMEOUT = Duration.ofMinutes(25);
    /** What the keeper logs while another local Kubernetes holds the machine's lock (gardenos-nspawn's words). */
    private static final String LOCK_WAIT = "waiting for its lock";

    private KeeperLauncher() {
    }

    static ProcessHandle start(SandboxDir dir) {
        List<String> command = new ArrayList<>();
        LocalMachine.locate("setsid").ifPresent(p -> command.add(p.toString()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SandboxKeeper.class.getName());
        command.add(dir.root().toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.logFile().toFile()));
        pb.environment().put("NO_COLOR", "1");
        try {
            Process process = pb.start();
            java.nio.file.Files.writeString(dir.pidFile(), process.pid() + "\n");
            return process.toHandle();
        } catch (IOException e) {
            throw new GardenException("cannot start the sandbox keeper process: " + e.getMessage(), e);
        }
    }

    /** Waits for the keeper's ready marker; fails with its log's last lines if it dies or takes too long. */
    static void awaitReady(SandboxDir dir, ProcessHandle keeper, PrintWriter err) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        boolean toldWaiting = false;
        while (!dir.ready()) {
            if (!toldWaiting && dir.logTail(3).contains(LOCK_WAIT)) {
                err.println("waiting for another local Kubernetes on this machine (a test run) to finish: one runs at"
                        + " a time");
                err.flush();
                toldWaiting = true;
            }
            if (!keeper.isAlive()) {
                throw new GardenException("the sandbox hosts did not start: " + dir.logTail(5)
                        + " (full log: " + dir.logFile() + ")");
            }
            if (Instant.now().isAfter(deadline)) {
                keeper.destroy();
                throw new GardenException("the sandbox hosts were not ready after " + READY_TIMEOUT.toMinutes()
                        + " minutes; see " + dir.logFile());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                keeper.destroy();
                Thread.currentThread().interrupt();
                throw new GardenException("interrupted while the sandbox hosts were starting; stopped them", e);
            }
        }
    }
}
