package org.gardenos.postgres.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gardenos.postgres.PostgresFixtures.settings;

import org.junit.jupiter.api.Test;

/** Where the layer's own psql reaches the primary NodePort: the play's K3s server, or the first written node. */
class AppRolesEndpointTest {
    @Test
    void thePlaysServerUnlessTheInventoryNamesTheNodes() {
        assertThat(AppRolesResource.nodeAddress(settings("  users: [{name: app}]\n"), "203.0.113.11"))
                .isEqualTo("203.0.113.11");
        assertThat(AppRolesResource.nodeAddress(settings("  nodes: [{name: k8s-node1, address: 10.213.77.14},"
                + " {name: k8s-node2, address: 10.213.77.15}]\n"), "203.0.113.11")).isEqualTo("10.213.77.14");
    }
}
