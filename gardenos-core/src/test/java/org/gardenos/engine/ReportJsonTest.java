package org.gardenos.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI serializes the reports with plain Jackson: these are the JSON contracts. */
class ReportJsonTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void applyReportHasTheRecapShape() throws Exception {
        ApplyReport report = new ApplyReport(List.of(new HostRecap("node-1", 7, 2, 0, 0), new HostRecap("node-2", 9, 1, 0, 0)),
                List.of());
        assertThat(json.readTree(json.writeValueAsString(report))).isEqualTo(json.readTree("""
                {"changed": 3, "failed": 0, "hosts": [
                  {"name": "node-1", "ok": 7, "changed": 2, "failed": 0},
                  {"name": "node-2", "ok": 9, "changed": 1, "failed": 0}]}"""));
        assertThat(json.writeValueAsString(report)).startsWith("{\"changed\":3,\"failed\":0,\"hosts\":[");
    }

    @Test
    void failuresSkipsWarningsAndInterruptAppearOnlyWhenThereIsSomethingToSay() throws Exception {
        ApplyReport report = new ApplyReport(List.of(new HostRecap("node-2", 1, 0, 1, 4)),
                List.of(new HostFailure("node-2", "base", "connect", "node-2: host key rejected")),
                List.of(new HostWarning("node-2", "base", "swap:off", "swap active on the container's host")), true);
        assertThat(json.readTree(json.writeValueAsString(report))).isEqualTo(json.readTree("""
                {"changed": 0, "failed": 1,
                 "hosts": [{"name": "node-2", "ok": 1, "changed": 0, "failed": 1, "skipped": 4}],
                 "failures": [{"host": "node-2", "layer": "base", "resource": "connect", "message": "node-2: host key rejected"}],
                 "warnings": [{"host": "node-2", "layer": "base", "resource": "swap:off",
                               "message": "swap active on the container's host"}],
                 "interrupted": true}"""));
    }

    @Test
    void planReportHasTheChangesShape() throws Exception {
        PlanReport plan = new PlanReport(List.of(
                new PlannedChange("node-2", "base", "file:/etc/hostname", ChangeAction.UPDATE, "content differs (7 bytes wanted)"),
                new PlannedChange("node-2", "base", "swap:off", ChangeAction.SWAPOFF, "")), List.of());
        assertThat(json.readTree(json.writeValueAsString(plan))).isEqualTo(json.readTree("""
                {"changes": [
                  {"host": "node-2", "layer": "base", "resource": "file:/etc/hostname", "action": "update",
                   "detail": "content differs (7 bytes wanted)"},
                  {"host": "node-2", "layer": "base", "resource": "swap:off", "action": "swapoff"}]}"""));
    }
}
