package org.gardenos.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HaproxyStatsCsvTest {
    /** Captured from Debian's haproxy 2.6.12 on this machine: s1 listening, s2 refused. */
    private static String realSample() throws Exception {
        try (var in = HaproxyStatsCsvTest.class.getResourceAsStream("/lb/haproxy-2.6-stats.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesServerLinesOfARealCapture() throws Exception {
        List<BackendServerStatus> servers = HaproxyStatsCsv.parse(realSample());

        assertThat(servers).hasSize(2);
        BackendServerStatus s1 = servers.get(0);
        assertThat(s1.backend()).isEqualTo("k8s-api-servers");
        assertThat(s1.server()).isEqualTo("s1");
        assertThat(s1.state()).isEqualTo(ServerState.UP);
        assertThat(s1.checkStatus()).isEqualTo("L4OK");
        assertThat(s1.healthy()).isTrue();
        BackendServerStatus s2 = servers.get(1);
        assertThat(s2.state()).isEqualTo(ServerState.DOWN);
        assertThat(s2.checkStatus()).isEqualTo("L4CON");
        assertThat(s2.secondsSinceChange()).isEqualTo(2);

        var status = new LoadBalancerStatus("lb1", servers);
        assertThat(status.down()).extracting(BackendServerStatus::server).containsExactly("s2");
        assertThat(status.servesApi()).isTrue();
        assertThat(status.healthy()).isFalse();
    }

    @Test
    void findsColumnsByNameAndHandlesQuotedFields() {
        String csv = "# svname,pxname,status,check_status\n"
                + "s1,k8s-api-servers,\"UP 1/3\",L4OK\n"
                + "s2,k8s-api-servers,\"DOWN 1/2\",\"L4CON\"\n"
                + "s3,k8s-api-servers,MAINT,\n"
                + "s4,k8s-api-servers,no check,\n"
                + "BACKEND,k8s-api-servers,UP,\n";
        List<BackendServerStatus> servers = HaproxyStatsCsv.parse(csv);
        assertThat(servers).extracting(BackendServerStatus::state).containsExactly(
                ServerState.UP, ServerState.DOWN, ServerState.MAINTENANCE, ServerState.UNCHECKED);
        assertThat(servers.get(0).secondsSinceChange()).isEqualTo(-1);
        assertThat(HaproxyStatsCsv.split("a,\"b,\"\"c\"\"\",d")).containsExactly("a", "b,\"c\"", "d");
    }

    @Test
    void aCheckInProgressStillReportsTheLastResult() {
        String csv = "# pxname,svname,status,check_status\n"
                + "k8s-api-servers,s1,UP,* L4OK\n"
                + "k8s-api-servers,s2,DOWN,* L4CON\n";
        List<BackendServerStatus> servers = HaproxyStatsCsv.parse(csv);
        assertThat(servers).extracting(BackendServerStatus::checkStatus).containsExactly("L4OK", "L4CON");
        assertThat(servers.get(0).healthy()).isTrue();
        assertThat(servers.get(1).healthy()).isFalse();
    }

    @Test
    void aLoginPageIsNotStats() {
        assertThatThrownBy(() -> HaproxyStatsCsv.parse("<html>401 Unauthorized</html>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not HAProxy CSV stats");
    }

    @Test
    void serversStartUpBeforeTheFirstCheckAndAreNotYetHealthy() {
        var s = new BackendServerStatus("k8s-api-servers", "s1", "UP 1/2", ServerState.UP, "INI", 0);
        assertThat(s.isUp()).isTrue();
        assertThat(s.healthy()).isFalse();
    }
}
