package org.gardenos.cli.command;

import com.google.inject.ImplementedBy;

/**
 * Asks the person at the terminal to confirm a destructive operation. Bound just in time to the console
 * ({@link ConsoleConfirmation}); tests bind a stand-in through {@link GardenCli}'s module overrides.
 */
@ImplementedBy(ConsoleConfirmation.class)
public interface Confirmation {
    /** Whether there is a person to ask (a console); without one a command needs {@code --yes}. */
    boolean available();

    /** Shows {@code question} and returns true only when the answer is {@code yes}. */
    boolean confirm(String question);
}
