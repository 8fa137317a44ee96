package org.gardenos.testkit.hosts;

import org.gardenos.error.GardenException;

/** The test hosts could not be set up, started, changed or cleaned up. The message names the step and the cause. */
public final class TestkitException extends GardenException {
    public TestkitException(String message) {
        super(message);
    }

    public TestkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
