package org.gardenos.k3s.api;

import org.gardenos.error.GardenException;

/** A Kubernetes API call failed. The message is one line: what GardenOS tried, the HTTP status and what to do. */
public class KubernetesApiException extends GardenException {
    private final int status;

    public KubernetesApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** HTTP status, or 0 when the API server could not be reached. */
    public int status() {
        return status;
    }
}
