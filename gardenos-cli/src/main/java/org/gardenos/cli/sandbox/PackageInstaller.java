package org.gardenos.cli.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gardenos.error.GardenException;

/** Installs Debian packages by name with apt-get (as root); tests bind a recording stand-in. */
public interface PackageInstaller {
    /** Installs {@code packages}, writing apt-get's output to {@code log}; throws when apt-get fails. */
    void install(List<String> packages, PrintWriter log);

    /**
     * The real installer: {@code apt-get update}, then {@code apt-get install -y --no-install-recommends}, each
     * waiting up to {@link #LOCK_TIMEOUT_SECONDS} for another apt run's lock instead of failing at once (as
     * scripts/lib/packages.sh does).
     */
    final class AptGet implements PackageInstaller {
        static final int LOCK_TIMEOUT_SECONDS = 120;

        @Override
        public void install(List<String> packages, PrintWriter log) {
            for (List<String> command : commands(packages)) {
                run(command, log);
            }
        }

        /** The two apt-get command lines, in order. */
        static List<List<String>> commands(List<String> packages) {
            List<String> lock = List.of("-o", "DPkg::Lock::Timeout=" + LOCK_TIMEOUT_SECONDS);
            List<String> update = new ArrayList<>(List.of("apt-get"));
            update.addAll(lock);
            update.addAll(List.of("update", "-q"));
            List<String> install = new ArrayList<>(List.of("apt-get"));
            install.addAll(lock);
            install.addAll(List.of("install", "-y", "-q", "--no-install-recommends"));
            install.addAll(packages);
            return List.of(update, install);
        }

        private static void run(List<String> command, PrintWriter log) {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            try {
                Process p = pb.start();
                List<String> tail = new ArrayList<>();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        log.println(line);
                        tail.add(line);
                        if (tail.size() > 5) {
                            tail.remove(0);
                        }
                    }
                }
                log.flush();
                int code = p.waitFor();
                if (code != 0) {
                    throw new GardenException("`" + String.join(" ", command) + "` exited " + code + ": "
                            + String.join(" / ", tail));
                }
            } catch (IOException e) {
                throw new GardenException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GardenException("interrupted while running " + String.join(" ", command), e);
            }
        }
    }
}
