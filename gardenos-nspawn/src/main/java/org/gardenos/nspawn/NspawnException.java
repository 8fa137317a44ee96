package org.gardenos.nspawn;

import org.gardenos.error.GardenException;

/** The test hosts could not be set up, started, changed or cleaned up. The message names the step and the cause. */
public final class NspawnException extends GardenException {
    public NspawnException(String message) {
        super(message);
    }

    public NspawnException(String message, Throwable cause) {
        super(message, cause);
    }
}
