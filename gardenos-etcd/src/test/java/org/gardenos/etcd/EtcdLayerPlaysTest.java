package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gardenos.artifact.ReleaseArtifact;
import org.gardenos.engine.Play;
import org.gardenos.inventory.HostSpec;
import org.gardenos.etcd.support.OtherLayerRoles;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.SshSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.etcd.settings.EtcdSettings;

/** The layer's shape (no hosts): which plays, on which hosts, in which order and strategy. */
class EtcdLayerPlaysTest {
    @TempDir
    Path cache;

    static Inventory inventory(boolean tls, List<HostSpec> hosts) {
        return Inventory.builder().cluster("prod")
                .ssh(new SshSettings("root", 22, Path.of("id"), Path.of("known_hosts"), Duration.ofSeconds(5),
                        Duration.ofMinutes(5)))
                .hosts(hosts)
                .section(new EtcdSettings("3.4.23", 2379, 2380, "/var/lib/etcd", tls, Optional.empty(),
                        Optional.empty(), "https://downloads.example.org/etcd"))
                .build();
    }

    static HostSpec host(String name, String address, Role... roles) {
        return HostSpec.of(name, address, roles);
    }

    @Test
    void playsInstallInParallelThenMembersOneAtATimeThenPruneAndWaitOnTheFirstEtcdHost() {
        List<HostSpec> hosts = List.of(host("lb", "203.0.113.5", OtherLayerRoles.LB), host("n1", "203.0.113.11", EtcdSection.ROLE),
                host("n2", "203.0.113.12", EtcdSection.ROLE, OtherLayerRoles.SERVER), host("n3", "203.0.113.13", EtcdSection.ROLE));
        EtcdLayer layer = new EtcdLayer(Optional.empty(), ReleaseArtifact.withCache(cache), EtcdTimeouts.defaults());
        List<Play> plays = layer.plays(inventory(true, hosts));

        assertThat(layer.name()).isEqualTo("etcd");
        assertThat(layer.dependsOn()).containsExactly("base");
        assertThat(plays).extracting(Play::name)
                .containsExactly("etcd-install", "etcd-peer-ca", "etcd-members", "etcd-prune", "etcd-healthy",
                        "etcd-access");
        assertThat(plays).extracting(Play::strategy).containsExactly(Play.Strategy.PARALLEL,
                Play.Strategy.ONE_AT_A_TIME, Play.Strategy.ONE_AT_A_TIME, Play.Strategy.ONE_AT_A_TIME, Play.Strategy.ONE_AT_A_TIME,
                Play.Strategy.ONE_AT_A_TIME);
        assertThat(plays.get(0).hosts()).extracting(HostSpec::name).containsExactly("n1", "n2", "n3");
        assertThat(plays.get(1).hosts()).extracting(HostSpec::name).containsExactly("n1");
        assertThat(plays.get(2).hosts()).extracting(HostSpec::name).containsExactly("n1", "n2", "n3");
        assertThat(plays.get(3).hosts()).extracting(HostSpec::name).containsExactly("n1");
        assertThat(plays.get(0).resources().apply(hosts.get(1))).extracting(r -> r.name()).containsExactly(
                "etcd:version-step", "etcd:user-and-dirs", "file:/usr/local/bin/etcd", "file:/usr/local/bin/etcdctl",
                "file:/usr/local/bin/etcdutl",
                "file:/etc/etcd/pki/ca.crt", "file:/etc/etcd/pki/member.crt", "file:/etc/etcd/pki/member.key",
                "file:/etc/etcd/pki/peer-ca.crt", "file:/etc/etcd/pki/peer-trust-both.crt",
                "file:/etc/etcd/pki/peer.crt", "file:/etc/etcd/pki/peer.key",
                "file:/etc/systemd/system/gardenos-etcd.service");
    }

    @Test
    void withoutTlsNoPkiFilesAreInstalledAndAWarningIsGiven() {
        List<HostSpec> hosts = List.of(host("n1", "203.0.113.11", EtcdSection.ROLE));
        Inventory plain = inventory(false, hosts);
        List<Play> plays = new EtcdLayer(Optional.empty(), ReleaseArtifact.withCache(cache), EtcdTimeouts.defaults()).plays(plain);
        assertThat(plays.get(0).resources().apply(hosts.get(0))).extracting(r -> r.name())
                .noneMatch(n -> n.contains("/pki/"));
        assertThat(EtcdLayer.tlsWarning(plain)).hasValueSatisfying(w -> assertThat(w)
                .startsWith("etcd.tls is false in gardenos.yaml").contains("plain HTTP", "port 2379"));
        assertThat(EtcdLayer.tlsWarning(inventory(true, hosts))).isEmpty();
    }

    @Test
    void noEtcdHostsNoPlays() {
        assertThat(new EtcdLayer(Optional.empty(), ReleaseArtifact.withCache(cache), EtcdTimeouts.defaults())
                .plays(inventory(true, List.of(host("lb", "203.0.113.5", OtherLayerRoles.LB))))).isEmpty();
    }
}
