package org.gardenos.nspawn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine's OpenSSH client, strictly verifying host keys, for checking test hosts from outside. */
final class Ssh {
    record Result(int exitCode, String stdout, String stderr) {
    }

    private Ssh() {
    }

    static Result run(Path key, Path knownHosts, String user, String address, String command) {
        List<String> args = List.of("/usr/bin/ssh", "-F", "/dev/null",
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=3",
                "-i", key.toString(), user + "@" + address, command);
        try {
            Process p = new ProcessBuilder(args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("ssh to " + address + " hung");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip(),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run ssh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result run(DebianHosts hosts, String user, TestHost host, String command) {
        return run(hosts.privateKey(), hosts.knownHosts(), user, host.address(), command);
    }
}
