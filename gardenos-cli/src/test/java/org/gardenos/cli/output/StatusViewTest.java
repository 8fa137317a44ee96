package org.gardenos.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gardenos.status.Health;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;
import org.junit.jupiter.api.Test;

class StatusViewTest {
    static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static final List<StatusReport> REPORTS = List.of(
            new StatusReport("etcd", Health.DEGRADED, "2/3 members healthy", List.of(
                    new StatusItem("node1", Health.HEALTHY, fields("leader", "yes", "version", "3.4.23")),
                    new StatusItem("node2", Health.DOWN, fields("error", "connection refused")))),
            new StatusReport("lb", Health.HEALTHY, "1 load balancer", List.of()));

    @Test
    void tableHasAVerdictLinePerLayerAndTheLayersOwnColumns() {
        assertThat(StatusView.table(REPORTS)).isEqualTo("""
                etcd: DEGRADED - 2/3 members healthy
                  NAME   HEALTH   LEADER  VERSION  ERROR
                  node1  HEALTHY  yes     3.4.23   -
                  node2  DOWN     -       -        connection refused

                lb: HEALTHY - 1 load balancer
                """);
    }

    @Test
    void healthyOnlyWhenEveryLayerIs() {
        assertThat(StatusView.healthy(REPORTS)).isFalse();
        assertThat(StatusView.healthy(REPORTS.subList(1, 2))).isTrue();
    }

    @Test
    void jsonCarriesVerdictSummaryAndRows() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(StatusView.json(REPORTS));

        assertThat(doc.get("healthy").asBoolean()).isFalse();
        assertThat(doc.get("layers")).hasSize(2);
        JsonNode etcd = doc.get("layers").get(0);
        assertThat(etcd.get("layer").asText()).isEqualTo("etcd");
        assertThat(etcd.get("health").asText()).isEqualTo("DEGRADED");
        assertThat(etcd.get("summary").asText()).isEqualTo("2/3 members healthy");
        assertThat(etcd.get("items").get(1).get("name").asText()).isEqualTo("node2");
        assertThat(etcd.get("items").get(1).get("health").asText()).isEqualTo("DOWN");
        assertThat(etcd.get("items").get(1).get("fields").get("error").asText()).isEqualTo("connection refused");
    }
}
