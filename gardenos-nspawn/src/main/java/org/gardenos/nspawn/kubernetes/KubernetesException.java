package org.gardenos.nspawn.kubernetes;

/** The test cluster could not be started, reached or cleaned up; the message names what and why. */
public final class KubernetesException extends RuntimeException {
    public KubernetesException(String message) {
        super(message);
    }

    public KubernetesException(String message, Throwable cause) {
        super(message, cause);
    }
}
