package org.gardenos.postgres.model;

import java.util.ArrayList;
import java.util.List;
import org.gardenos.postgres.settings.Flavor;

/**
 * The pg_hba rules of both flavors. First match wins, so the order is the policy:
 * <ol>
 * <li>the unix socket, inside the pod only: Spilo's own scripts connect as {@code postgres} without a password
 *     ({@code trust}, Spilo's default); the Patroni image admits the OS user {@code postgres} by {@code peer} and
 *     everyone else by password;</li>
 * <li>loopback by password, replication included (a replica's Patroni reads its timeline that way);</li>
 * <li>every connection without SSL from the network is rejected;</li>
 * <li>replication by the replication user, and pg_rewind by the superuser, from the pod network (members are pods:
 *     without these lines replicas stay "bootstrapping" forever and a former leader cannot rejoin), then every
 *     allowed network, SSL and password;</li>
 * <li>everything else is rejected, so a refused client gets PostgreSQL's clear "no pg_hba.conf entry" error.</li>
 * </ol>
 */
public record PgHba(List<HbaRule> rules) {
    static final String PASSWORD = "scram-sha-256";

    public PgHba {
        rules = List.copyOf(rules);
    }

    public List<String> lines() {
        return rules.stream().map(HbaRule::line).toList();
    }

    static PgHba of(Flavor flavor, String superuser, String replicationUser, String podNetwork, List<String> allowed) {
        List<HbaRule> rules = new ArrayList<>();
        if (flavor == Flavor.SPILO) {
            rules.add(new HbaRule("local", "all", "all", "", "trust"));
            rules.add(new HbaRule("local", "replication", replicationUser, "", "trust"));
        } else {
            rules.add(new HbaRule("local", "all", superuser, "", "peer"));
            rules.add(new HbaRule("local", "replication", replicationUser, "", PASSWORD));
            rules.add(new HbaRule("local", "all", "all", "", PASSWORD));
        }
        rules.add(new HbaRule("host", "all", "all", "127.0.0.1/32", PASSWORD));
        rules.add(new HbaRule("host", "all", "all", "::1/128", PASSWORD));
        // "all" does not match replication connections: a replica's Patroni asks its own server for the timeline over
        // a replication connection to loopback (found on the real cluster: refused, the member's timeline unknown)
        rules.add(new HbaRule("host", "replication", replicationUser, "127.0.0.1/32", PASSWORD));
        rules.add(new HbaRule("host", "replication", replicationUser, "::1/128", PASSWORD));
        rules.add(new HbaRule("hostnossl", "all", "all", "all", "reject"));
        rules.add(new HbaRule("hostssl", "replication", replicationUser, podNetwork, PASSWORD));
        // pg_rewind, run by a former leader after a failover, connects to the new leader's postgres database as superuser
        rules.add(new HbaRule("hostssl", "postgres", superuser, podNetwork, PASSWORD));
        for (String network : allowed) {
            rules.add(new HbaRule("hostssl", "all", "all", network, PASSWORD));
        }
        rules.add(new HbaRule("host", "all", "all", "all", "reject"));
        return new PgHba(rules);
    }
}
