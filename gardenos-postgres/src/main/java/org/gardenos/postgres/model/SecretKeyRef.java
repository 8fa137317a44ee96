package org.gardenos.postgres.model;

/** A value kept in a Kubernetes Secret of the cluster's namespace; pods read it through {@code secretKeyRef}. */
public record SecretKeyRef(String secret, String key) {
}
