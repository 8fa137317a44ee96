package org.gardenos.postgres.model;

/**
 * A PostgreSQL (or Patroni REST API) login: the user name is plain configuration, the password only a reference to
 * its Secret, so the model itself never holds a secret.
 */
public record Credential(String username, SecretKeyRef password) {
    public static final String USERNAME_KEY = "username";
    public static final String PASSWORD_KEY = "password";

    /** A login whose Secret holds both keys, {@code username} and {@code password}. */
    static Credential inSecret(String username, String secret) {
        return new Credential(username, new SecretKeyRef(secret, PASSWORD_KEY));
    }
}
