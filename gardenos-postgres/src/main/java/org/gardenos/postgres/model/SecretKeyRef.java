package org.gardenos.postgres.model;

/**
 * A value kept in a Kubernetes Secret of the cluster's namespace. The patroni flavor's pods read it as a file of a
 * projected volume; Spilo's through {@code secretKeyRef} variables, the only way Spilo takes a password.
 */
public record SecretKeyRef(String secret, String key) {
}
