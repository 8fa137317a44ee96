package org.gardenos.cli.sandbox;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gardenos sandbox status}: are the hosts up, and what does systemd say on each. */
@Command(name = "status", description = {
        "Show the sandbox hosts and the state systemd reports on each.",
        "Exit 0 when every host is up, 1 otherwise (also when there is no sandbox)."})
final class SandboxStatusCommand implements Callable<Integer> {
    private final SandboxSupport support;

    @Inject
    SandboxStatusCommand(SandboxSupport support) {
        this.support = support;
    }

    @Override
    public Integer call() {
        return support.printStatus(support.dir());
    }
}
