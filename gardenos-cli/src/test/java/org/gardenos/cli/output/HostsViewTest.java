package org.gardenos.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.SshSettings;
import org.junit.jupiter.api.Test;
import org.gardenos.etcd.settings.EtcdSection;
import org.gardenos.k3s.settings.K3sSection;
import org.gardenos.lb.settings.LoadBalancerSection;

class HostsViewTest {
    static Inventory inventory() {
        SshSettings ssh = new SshSettings("admin", 2222, Path.of("/home/a/.ssh/id_ed25519"),
                Path.of("/home/a/.ssh/known_hosts"), Duration.ofSeconds(10), Duration.ofMinutes(10));
        return Inventory.builder().ssh(ssh)
                .host(new HostSpec("node-1", "203.0.113.11",
                        new java.util.LinkedHashSet<>(List.of(EtcdSection.ROLE, K3sSection.SERVER, LoadBalancerSection.ROLE)),
                        Map.of("zone", "a")))
                .host(HostSpec.of("node-2", "203.0.113.12", EtcdSection.ROLE))
                .build();
    }

    @Test
    void tableShowsEveryHostWithItsEffectiveSshSettings() {
        assertThat(HostsView.table(inventory())).isEqualTo("""
                NAME    ADDRESS       ROLES           USER   PORT  KEY                      KNOWN_HOSTS
                node-1  203.0.113.11  etcd,server,lb  admin  2222  /home/a/.ssh/id_ed25519  /home/a/.ssh/known_hosts
                node-2  203.0.113.12  etcd            admin  2222  /home/a/.ssh/id_ed25519  /home/a/.ssh/known_hosts
                """);
    }

    @Test
    void jsonFollowsTheDocumentedContract() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(HostsView.json(inventory()));

        assertThat(doc.get("cluster").asText()).isEqualTo("garden");
        assertThat(doc.get("hosts")).hasSize(2);
        JsonNode first = doc.get("hosts").get(0);
        assertThat(first.get("name").asText()).isEqualTo("node-1");
        assertThat(first.get("address").asText()).isEqualTo("203.0.113.11");
        assertThat(first.get("roles").toString()).isEqualTo("[\"etcd\",\"server\",\"lb\"]");
        assertThat(first.get("labels").get("zone").asText()).isEqualTo("a");
        assertThat(first.get("ssh").get("user").asText()).isEqualTo("admin");
        assertThat(first.get("ssh").get("port").asInt()).isEqualTo(2222);
        assertThat(first.get("ssh").get("privateKey").asText()).isEqualTo("/home/a/.ssh/id_ed25519");
        assertThat(first.get("ssh").get("knownHosts").asText()).isEqualTo("/home/a/.ssh/known_hosts");
    }
}
