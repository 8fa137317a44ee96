package org.gardenos.nspawn.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Short commands on this machine for the cluster's plumbing ({@code ip route}, {@code rmdir} of cgroups,
 * {@code ctr}): argument lists, no shell, output captured through a temporary file, a time limit.
 */
public final class MachineCommands {
    private MachineCommands() {
    }

    public record Result(List<String> command, int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }

        public Result requireOk() {
            if (exit != 0) {
                throw new KubernetesException("`" + String.join(" ", command) + "` exited " + exit + ": "
                        + output.strip());
            }
            return this;
        }
    }

    public static Result run(String... command) {
        return run(List.of(command), 120);
    }

    static Result run(List<String> command, int timeoutSeconds) {
        Path out = null;
        try {
            out = Files.createTempFile("gardenos-k8s-cmd-", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new KubernetesException("`" + String.join(" ", command) + "` took over " + timeoutSeconds + " s");
            }
            return new Result(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KubernetesException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesException("interrupted running `" + String.join(" ", command) + "`", e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }

    /** Reads a kernel setting ({@code kernel.panic}) from /proc/sys. */
    public static String readSysctl(String name) {
        // One read() of a whole buffer at offset 0. Files.readString reads a zero-size file one byte first and then
        // at offset 1, where the kernel's integer sysctl handlers answer end-of-file: it returned "1" for
        // kernel.keys.root_maxkeys=1000000 and "2" for root_maxbytes=25000000, which were then "restored".
        try (java.io.InputStream in = Files.newInputStream(sysctlPath(name))) {
            byte[] buffer = new byte[4096];
            int n = in.read(buffer);
            return n <= 0 ? "" : new String(buffer, 0, n, java.nio.charset.StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new KubernetesException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    static void writeSysctl(String name, String value) {
        try {
            Files.writeString(sysctlPath(name), value + "\n");
        } catch (IOException e) {
            throw new KubernetesException("cannot set " + name + "=" + value + ": " + e.getMessage(), e);
        }
    }

    private static Path sysctlPath(String name) {
        return Path.of("/proc/sys", name.replace('.', '/'));
    }
}
