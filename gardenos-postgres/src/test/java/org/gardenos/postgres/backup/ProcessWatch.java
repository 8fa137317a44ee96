package org.gardenos.postgres.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code ps} would show, checked all through a test: a thread reads every process's {@code /proc/PID/cmdline}
 * and {@code environ} every 20 ms and records any that holds one of the secrets (the passwords of the test).
 */
final class ProcessWatch {
    private final List<String> hits = new CopyOnWriteArrayList<>();
    private final AtomicInteger scans = new AtomicInteger();
    private volatile boolean running;
    private Thread thread;

    void start(List<String> secrets) {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                scan(secrets);
                scans.incrementAndGet();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "process-watch");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(5000);
        }
    }

    List<String> hits() {
        return List.copyOf(hits);
    }

    int scans() {
        return scans.get();
    }

    private void scan(List<String> secrets) {
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                for (String file : new String[] {"cmdline", "environ"}) {
                    String text;
                    try {
                        text = new String(Files.readAllBytes(p.resolve(file)), StandardCharsets.UTF_8);
                    } catch (IOException gone) {
                        continue;
                    }
                    for (String s : secrets) {
                        if (text.contains(s)) {
                            hits.add(p.getFileName() + " " + file + ": " + text.replace('\0', ' ')
                                    .replace(s, "<secret>"));
                        }
                    }
                }
            }
        } catch (IOException e) {
            hits.add("(cannot list /proc: " + e + ")");
        }
    }
}
