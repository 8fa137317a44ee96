package org.gardenos.inventory;

/** A value that is well-typed but not acceptable; the message is the user-facing reason. */
public final class InvalidValueException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidValueException(String message) {
        super(message, null, false, false);
    }
}
