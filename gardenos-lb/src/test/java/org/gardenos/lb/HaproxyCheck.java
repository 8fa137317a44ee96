package org.gardenos.lb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the local haproxy binary's configuration check in a test. */
record HaproxyCheck(boolean valid, String output) {
    static HaproxyCheck run(Path haproxy, Path config) throws Exception {
        Process p = new ProcessBuilder(haproxy.toString(), "-c", "-f", config.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("haproxy -c did not finish");
        }
        return new HaproxyCheck(p.exitValue() == 0, out);
    }
}
