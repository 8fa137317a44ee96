package org.gardenos.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the built {@code gardenos-cli.jar} as a separate process, the way a user does. */
final class JarProcess {
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("gardenos.cli.jar", "target/gardenos-cli.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no runnable jar at " + jar + ": run the ITs through `mvn verify`");
        }
        return jar;
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("gardenos.repo.root", "..")).toAbsolutePath().normalize();
    }

    static Result run(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(Duration.ofSeconds(120), workDir, env, args);
    }

    /** As {@link #run(Path, Map, String...)} with a longer limit, for commands that start real machinery. */
    static Result run(Duration limit, Path workDir, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("gardenos " + String.join(" ", args) + " did not finish in "
                    + limit.toSeconds() + " s; stderr so far: " + err.getNow(""));
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return run(repoRoot(), Map.of(), args);
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JarProcess() {
    }
}
