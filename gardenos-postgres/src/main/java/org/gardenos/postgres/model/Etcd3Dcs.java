package org.gardenos.postgres.model;

import java.util.List;
import java.util.Optional;

/**
 * Patroni's DCS: etcd through its v3 API only (Patroni's {@code etcd3:} section, Spilo's {@code ETCD3_*}). There is
 * deliberately no way to express the v2 {@code etcd:} section: etcd 3.4 disables the v2 API and 3.6 removes it (the
 * journal's "Patroni on /v2" failure).
 *
 * @param hosts     {@code address:port} of every etcd member
 * @param namespace Patroni's key prefix; keys live under {@code NAMESPACE + scope + "/"}
 * @param tls       the client certificate files as mounted in the container; empty when etcd speaks plain HTTP
 * @param login     the etcd user and its password's Secret when Patroni logs in by password (etcd auth on: etcd 3.4's
 *                  v3 gateway, which Patroni speaks, refuses certificates with a CN, so the certificate has none)
 */
public record Etcd3Dcs(List<String> hosts, String namespace, Optional<TlsFiles> tls, Optional<Credential> login) {
    public static final String NAMESPACE = "/service/";

    public Etcd3Dcs {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("Patroni needs at least one etcd host");
        }
    }

    public String protocol() {
        return tls.isPresent() ? "https" : "http";
    }

    /** CA, client certificate and key of the etcd client identity {@code patroni}, as paths in the container. */
    public record TlsFiles(String caFile, String certFile, String keyFile) {
    }
}
