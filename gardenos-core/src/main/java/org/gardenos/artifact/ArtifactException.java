package org.gardenos.artifact;

import org.gardenos.error.GardenException;

/** A release artifact could not be fetched or did not verify. The message is one line naming URL or file. */
public final class ArtifactException extends GardenException {
    public ArtifactException(String message) {
        super(message);
    }

    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
