package org.gardenos.cli.sandbox;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gardenos sandbox down}: stops the keeper, which removes the hosts; idempotent. */
@Command(name = "down", description = "Stop and remove the sandbox hosts (nothing to do when there are none).")
final class SandboxDownCommand implements Callable<Integer> {
    private final SandboxSupport support;

    @Inject
    SandboxDownCommand(SandboxSupport support) {
        this.support = support;
    }

    @Override
    public Integer call() {
        return support.down(support.dir());
    }
}
