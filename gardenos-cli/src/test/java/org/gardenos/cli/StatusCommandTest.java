package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gardenos.standin.StandInConnector;
import org.gardenos.status.Health;
import org.gardenos.status.LayerStatus;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.cli.command.ConnectorFactory;
import org.gardenos.cli.command.LayerModules;

/**
 * {@code gardenos status} through the whole CLI and GardenOS's real StatusService, with two stand-in layer statuses
 * (one HEALTHY, one DEGRADED) in place of the shipped probes, and the in-memory {@link StandInConnector} for the
 * core's base status.
 */
class StatusCommandTest {
    @TempDir
    Path dir;
    Path inventory;
    final StandInConnector connector = StandInConnector.succeedingHosts();

    /** A stand-in status that reports what it was given. */
    record StandInStatus(StatusReport report) implements LayerStatus {
        @Override
        public String layer() {
            return report.layer();
        }

        @Override
        public StatusReport probe() {
            return report;
        }
    }

    static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static final StatusReport CALM = new StatusReport("calm", Health.HEALTHY, "2/2 members healthy", List.of(
            new StatusItem("node-1", Health.HEALTHY, fields("version", "3.5.21", "leader", "yes")),
            new StatusItem("node-2", Health.HEALTHY, fields("version", "3.5.21", "leader", "no"))));
    static final StatusReport SHAKY = new StatusReport("shaky", Health.DEGRADED, "1/2 backends up", List.of(
            new StatusItem("node-1", Health.HEALTHY, fields("backend", "UP")),
            new StatusItem("node-2", Health.DOWN, fields("backend", "DOWN", "error", "connection refused"))));

    @BeforeEach
    void files() throws IOException {
        inventory = TestInventoryFiles.threeNodes(dir);
    }

    private CliRun gardenos(String... args) {
        Module standIns = new AbstractModule() {
            @Override
            protected void configure() {
                bind(ConnectorFactory.class).toInstance((inv, acceptNew) -> connector);
                Module statuses = binder -> {
                    Multibinder<LayerStatus> set = Multibinder.newSetBinder(binder, LayerStatus.class);
                    set.addBinding().toInstance(new StandInStatus(CALM));
                    set.addBinding().toInstance(new StandInStatus(SHAKY));
                };
                bind(LayerModules.class).toInstance(new LayerModules(List.of(new ShippedSectionsOnly(), statuses)));
            }
        };
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"-f", inventory.toString(), "--state-dir", dir.resolve("state").toString()},
                0, all, args.length, 4);
        return CliRun.run(Map.of(), cli -> { }, new Module[] {standIns}, all);
    }

    @Test
    void aHealthyLayerPrintsHeadingAndItemTableAndExitsZero() {
        CliRun run = gardenos("status", "calm");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                calm: HEALTHY - 2/2 members healthy
                  NAME    HEALTH   VERSION  LEADER
                  node-1  HEALTHY  3.5.21   yes
                  node-2  HEALTHY  3.5.21   no
                """);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aDegradedLayerExitsOneAndFieldsAnItemLacksShowADash() {
        CliRun run = gardenos("status", "calm", "shaky");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("""
                calm: HEALTHY - 2/2 members healthy
                  NAME    HEALTH   VERSION  LEADER
                  node-1  HEALTHY  3.5.21   yes
                  node-2  HEALTHY  3.5.21   no

                shaky: DEGRADED - 1/2 backends up
                  NAME    HEALTH   BACKEND  ERROR
                  node-1  HEALTHY  UP       -
                  node-2  DOWN     DOWN     connection refused
                """);
    }

    @Test
    void jsonIsTheDocumentedShapeInTheRequestedOrder() throws Exception {
        CliRun run = gardenos("-o", "json", "status", "shaky", "calm");
        JsonNode doc = new ObjectMapper().readTree(run.out());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(doc.get("healthy").asBoolean()).isFalse();
        assertThat(doc.get("layers")).hasSize(2);
        JsonNode shaky = doc.get("layers").get(0);
        assertThat(shaky.get("layer").asText()).isEqualTo("shaky");
        assertThat(shaky.get("health").asText()).isEqualTo("DEGRADED");
        assertThat(shaky.get("summary").asText()).isEqualTo("1/2 backends up");
        JsonNode down = shaky.get("items").get(1);
        assertThat(down.get("name").asText()).isEqualTo("node-2");
        assertThat(down.get("health").asText()).isEqualTo("DOWN");
        assertThat(down.get("fields").get("backend").asText()).isEqualTo("DOWN");
        assertThat(down.get("fields").get("error").asText()).isEqualTo("connection refused");
        assertThat(doc.get("layers").get(1).get("layer").asText()).isEqualTo("calm");
    }

    @Test
    void jsonOfHealthyLayersSaysHealthyAndExitsZero() throws Exception {
        CliRun run = gardenos("status", "calm", "--output", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(new ObjectMapper().readTree(run.out()).get("healthy").asBoolean()).isTrue();
    }

    @Test
    void noLayerNamedProbesEveryLayerWithAStatusIncludingBase() throws Exception {
        // the stand-in host answers every command with empty output: base sees a wrong hostname, so not HEALTHY
        CliRun run = gardenos("status", "-o", "json");
        JsonNode doc = new ObjectMapper().readTree(run.out());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(doc.get("layers").findValuesAsText("layer")).containsExactlyInAnyOrder("base", "calm", "shaky");
        assertThat(connector.connects()).containsExactlyInAnyOrder("node-1", "node-2", "node-3");
        assertThat(connector.closed()).isTrue();
    }

    @Test
    void anUnknownLayerIsBadInputWithOneLineNamingTheKnownOnes() {
        CliRun run = gardenos("status", "nosuchlayer");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .contains("nosuchlayer").contains("base, calm, shaky"));
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void helpDescribesTheExitCodes() {
        CliRun run = CliRun.run("status", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: gardenos status").contains("LAYER").contains("Exit 0 only when every layer");
    }
}
