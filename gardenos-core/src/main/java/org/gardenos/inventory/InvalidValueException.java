package org.gardenos.inventory;

/** A value that is well-typed but not acceptable; the message is the user-facing reason. */
final class InvalidValueException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidValueException(String message) {
        super(message, null, false, false);
    }
}
