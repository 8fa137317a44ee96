package org.gardenos.engine;

import org.gardenos.error.GardenException;

/**
 * Thrown by {@link Resource#apply} when the host does not allow the change and that is acceptable (for example
 * {@code modprobe} inside a container). The converger records the message as a warning, counts the resource as
 * {@link Outcome#SKIPPED} rather than failed, and carries on with the host's next resource.
 */
public final class ResourceSkipped extends GardenException {
    public ResourceSkipped(String message) {
        super(message);
    }
}
