package org.gardenos.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gardenos.error.InputException;
import org.gardenos.lb.ApiServerBackend;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.testsupport.TestInventories;
import org.junit.jupiter.api.Test;
import org.gardenos.k3s.settings.K3sSection;

/** What the k3s module hands the lb layer to balance (moved here with the rules from lb's HaproxyConfig). */
class K3sApiBackendsTest {
    @Test
    void everyServerOnTheServerApiPort() {
        assertThat(new K3sApiBackends().backends(TestInventories.threeServers())).containsExactly(
                new ApiServerBackend("s1", "203.0.113.11", 6443), new ApiServerBackend("s2", "203.0.113.12", 6443),
                new ApiServerBackend("s3", "203.0.113.13", 6443));
    }

    @Test
    void portCollisionOnAHostWithLbAndServerIsAnInputError() {
        var inv = TestInventories.inventory(List.of(
                TestInventories.host("n1", "203.0.113.11", Set.of(LoadBalancerSection.ROLE, K3sSection.SERVER), Map.of())),
                TestInventories.k3s(true, List.of(), 6443));
        assertThatThrownBy(() -> new K3sApiBackends().backends(inv))
                .isInstanceOf(InputException.class)
                .hasMessage("gardenos.yaml: k3s.serverApiPort: 6443 collides with the load balancer on host 'n1'"
                        + " (lb and server); use 7443 for servers when a host has both roles");
    }

    @Test
    void noServerIsAnInputError() {
        var inv = TestInventories.inventory(List.of(
                TestInventories.host("lb", "203.0.113.10", Set.of(LoadBalancerSection.ROLE), Map.of())),
                TestInventories.k3s(true, List.of(), 6443));
        assertThatThrownBy(() -> new K3sApiBackends().backends(inv))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("hosts: no host has role 'server'");
    }
}
