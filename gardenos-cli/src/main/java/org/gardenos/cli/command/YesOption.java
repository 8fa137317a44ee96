package org.gardenos.cli.command;

import org.gardenos.error.InputException;
import picocli.CommandLine.Option;

/**
 * {@code --yes} of every destructive command (a picocli mixin), and the rule they all follow: {@code --yes}, or a
 * console to ask on, or no go (exit 2).
 */
public final class YesOption {
    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    public boolean given() {
        return yes;
    }

    /**
     * @param command the command as the user typed it, for the messages ({@code etcd snapshot restore})
     * @return true to go on; false when the person answered anything but {@code yes} (the caller prints nothing
     *         more than this method did and exits {@link ExitCode#FAILURE})
     * @throws InputException when there is no console to ask and {@code --yes} was not given
     */
    public boolean confirmed(CommandContext context, Confirmation confirmation, String command, String question) {
        if (yes) {
            return true;
        }
        if (!confirmation.available()) {
            throw new InputException(command + ": needs confirmation, but there is no console to ask on; hint: "
                    + "add --yes to confirm non-interactively");
        }
        if (confirmation.confirm(question)) {
            return true;
        }
        context.io().err().println(command + ": not confirmed; nothing was changed");
        context.io().err().flush();
        return false;
    }
}
