package org.gardenos.postgres.doctor;

/** A known failure found in the live cluster: what it is, its cause, and the fix, printed as one line. */
public record Finding(String signature, String cause, String fix) {
    public String line() {
        return (signature + ": " + cause + "; fix: " + fix).replaceAll("\\s+", " ").strip();
    }
}
