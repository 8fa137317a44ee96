package org.gardenos.postgres.model;

/**
 * The secret values the Secrets are rendered from. The apply phase backs it with the state directory (generated
 * once, 0600, e.g. {@code GeneratedSecret.loadOrCreate}) and the etcd PKI; renderers ask only for what they render.
 * Implementations must never log a value.
 */
public interface SecretValues {
    /** The password kept for the Secret of that name; the same name always yields the same value. */
    String password(String secretName);

    /** The etcd client identity {@code patroni}: CA certificate, client certificate and key, PEM. */
    Pem etcdClient();

    /** The password of the etcd user Patroni logs in as ({@code Etcd3Dcs.login}); asked only when there is one. */
    String etcdPassword();

    /** The PostgreSQL server certificate and key, PEM ({@code ca} may repeat the issuing CA). */
    Pem serverCertificate();

    /** PEM texts; {@link #toString()} never shows the key. */
    record Pem(String ca, String certificate, String key) {
        @Override
        public String toString() {
            return "Pem[certificate, key redacted]";
        }
    }
}
