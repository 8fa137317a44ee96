package org.gardenos.postgres.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gardenos.postgres.PostgresFixtures;
import org.gardenos.postgres.settings.PostgresSettings;
import org.junit.jupiter.api.Test;

/**
 * The log signatures on the messages PostgreSQL 15, Patroni 3.0.2 and python-etcd write (copied from their sources'
 * message texts); the real-cluster test provokes the pg_hba and etcd v2 ones for real.
 */
class LogSignaturesTest {
    private final PostgresSettings pg = PostgresFixtures.settings("  flavor: patroni\n  image: a.test/p:1\n");

    @Test
    void aReplicationRefusalNamesTheAddressAndThePodNetwork() {
        List<Finding> f = LogSignatures.scan("postgres-1", "2026-12-02 11:00:00 UTC FATAL:  no pg_hba.conf entry for"
                + " replication connection from host \"10.214.2.7\", user \"standby\", SSL encryption", pg, "10.214.0.0/16");
        assertThat(f).extracting(Finding::line).containsExactly("pg_hba: postgres-1: PostgreSQL refused a replication"
                + " connection from 10.214.2.7 (no pg_hba.conf line admits it; replicas stay bootstrapping); fix: admit the"
                + " pod network 10.214.0.0/16 over SSL (hostssl replication standby 10.214.0.0/16 scram-sha-256) and the"
                + " networks clients come from (postgres.allowedNetworks); gardenos apply postgres renders them");
    }

    /** Patroni 3.0.2's etcd3 lines as the sandbox's real etcd 3.4.23 made them: neither is the v2 API. */
    @Test
    void etcd3GatewayRefusalsAreNamedAndNotTakenForTheV2Api() {
        String off = "2026-12-02 14:30:53,161 ERROR: Failed to get list of machines from https://10.213.77.11:2379/v3:"
                + " <Unknown error: '404 page not found', code: 2>";
        assertThat(LogSignatures.scan("postgres-0", off, pg, "10.214.0.0/16")).extracting(Finding::line)
                .containsExactly("etcd v3 gateway off: postgres-0: etcd answers 404 on its v3 JSON gateway, which"
                        + " Patroni's etcd3 client speaks (etcd started from a config file without enable-grpc-gateway);"
                        + " fix: set enable-grpc-gateway: true in every member's config; gardenos apply etcd renders it");
        String commonName = "2026-12-02 14:32:17,545 ERROR: Failed to get list of machines from"
                + " https://10.213.77.11:2379/v3: <Unknown error: 'CommonName of client sending a request against"
                + " gateway will be ignored and not used as expected', code: 2>";
        assertThat(LogSignatures.scan("postgres-0", commonName, pg, "10.214.0.0/16")).extracting(Finding::signature)
                .containsExactly("etcd auth on the gateway");
    }

    @Test
    void pgdataPermissionsAndEtcdV2AreFoundAndAQuietLogGivesNothing() {
        assertThat(LogSignatures.scan("postgres-0", "FATAL:  data directory \"/var/lib/postgresql/data/pgdata\" has"
                + " invalid permissions", pg, "10.214.0.0/16")).extracting(Finding::signature).containsExactly("PGDATA permissions");
        assertThat(LogSignatures.scan("postgres-0", "ERROR: Failed to get list of machines from https://10.0.0.1:2379/v2:"
                + " EtcdException('Bad response : 404 page not found')", pg, "10.214.0.0/16"))
                .extracting(Finding::signature).containsExactly("etcd v2 API");
        assertThat(LogSignatures.scan("postgres-0", "INFO: no action. I am (postgres-0), the leader with the lock\n"
                + "host \"$(reboot)\"", pg, "10.214.0.0/16")).isEmpty();
    }
}
