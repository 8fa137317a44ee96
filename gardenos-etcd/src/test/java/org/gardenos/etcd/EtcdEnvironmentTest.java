package org.gardenos.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.HostSpec;
import org.gardenos.etcd.support.OtherLayerRoles;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.etcd.settings.EtcdSection;

/** The exports for the inventory's etcd hosts (etcdctl against a real cluster is in EtcdOperationsLocalTest). */
class EtcdEnvironmentTest {
    @TempDir
    Path dir;

    private final List<HostSpec> hosts = List.of(EtcdLayerPlaysTest.host("lb", "203.0.113.5", OtherLayerRoles.LB),
            EtcdLayerPlaysTest.host("n1", "203.0.113.11", EtcdSection.ROLE),
            EtcdLayerPlaysTest.host("n2", "203.0.113.12", EtcdSection.ROLE));

    @Test
    void tlsExportsEndpointsWithSchemeAndTheGardenosClientFilesOfTheStateDir() {
        StateDir state = StateDir.open(dir);
        String env = exports(EtcdLayerPlaysTest.inventory(true, hosts), state);
        assertThat(env).isEqualTo("export ETCDCTL_API=3\n"
                + "export ETCDCTL_ENDPOINTS='https://203.0.113.11:2379,https://203.0.113.12:2379'\n"
                + "export ETCDCTL_CACERT='" + state.resolve("etcd/pki/ca.crt") + "'\n"
                + "export ETCDCTL_CERT='" + state.resolve("etcd/pki/clients/gardenos.crt") + "'\n"
                + "export ETCDCTL_KEY='" + state.resolve("etcd/pki/clients/gardenos.key") + "'\n");
    }

    @Test
    void withoutTlsOnlyApiAndEndpoints() {
        assertThat(exports(EtcdLayerPlaysTest.inventory(false, hosts), StateDir.open(dir))).isEqualTo(
                "export ETCDCTL_API=3\nexport ETCDCTL_ENDPOINTS='http://203.0.113.11:2379,http://203.0.113.12:2379'\n");
    }

    @Test
    void quotesSurviveSingleQuotesInPathsThroughTheOneQuotingHelper() throws Exception {
        String exports = new EtcdEnvironment(Map.of("ETCDCTL_CACERT", "/a'b $HOME")).shellExports();
        assertThat(exports).isEqualTo("export ETCDCTL_CACERT='/a'\\''b $HOME'\n");
        Process sh = new ProcessBuilder("sh", "-c", exports + "printf %s \"$ETCDCTL_CACERT\"").start();
        assertThat(new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("/a'b $HOME");
        assertThat(sh.waitFor()).isZero();
    }

    private static String exports(Inventory inventory, StateDir state) {
        return EtcdEnvironment.of(EtcdConnection.of(inventory, state)).shellExports();
    }
}
