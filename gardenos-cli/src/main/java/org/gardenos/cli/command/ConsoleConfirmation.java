package org.gardenos.cli.command;

import java.io.Console;
import java.util.Locale;

/**
 * The terminal's console: the question and the answer go through {@link System#console()}, never through stdout,
 * so a command's data output stays clean. No console (piped, cron, CI): not available.
 */
final class ConsoleConfirmation implements Confirmation {
    @Override
    public boolean available() {
        return System.console() != null;
    }

    @Override
    public boolean confirm(String question) {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("%s%nType 'yes' to continue: ", question);
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).equals("yes");
    }
}
