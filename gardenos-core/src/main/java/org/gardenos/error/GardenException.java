package org.gardenos.error;

/** Root of GardenOS's runtime failures (exit code 1 in the CLI). Messages are one line, fit for a user. */
public class GardenException extends RuntimeException {
    public GardenException(String message) {
        super(message);
    }

    public GardenException(String message, Throwable cause) {
        super(message, cause);
    }
}
