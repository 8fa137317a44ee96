package org.gardenos.k3s.manifest;

import org.gardenos.error.GardenException;

/**
 * A manifest failed the typed schema check. The message is one line: source, document number, object and the
 * schema's complaint, e.g. {@code local-path-storage.yaml: document 5 (Deployment local-path-storage/...):
 * The field `selectr` in the JSON string is not defined in the `V1DeploymentSpec` properties}.
 */
public class InvalidManifestException extends GardenException {
    public InvalidManifestException(String message) {
        super(message);
    }
}
