package org.gardenos.cli.command;

import org.gardenos.error.InputException;

/** The rule every destructive command follows: {@code --yes}, or a console to ask on, or no go (exit 2). */
public final class Confirm {
    private Confirm() {
    }

    /**
     * @param command the command as the user typed it, for the messages ({@code etcd snapshot restore})
     * @return true to go on; false when the person answered anything but {@code yes} (the caller prints nothing
     *         more than this method did and exits {@link ExitCode#FAILURE})
     * @throws InputException when there is no console to ask and {@code --yes} was not given
     */
    public static boolean destructive(CommandContext context, Confirmation confirmation, boolean yes, String command,
                                      String question) {
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
