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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Layer;
import org.gardenos.engine.Play;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.inventory.Inventory;
import org.gardenos.standin.StandInConnector;
import org.gardenos.status.Health;
import org.gardenos.status.LayerStatus;
import org.gardenos.status.StatusItem;
import org.gardenos.status.StatusReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.gardenos.cli.command.ConnectorFactory;
import org.gardenos.cli.command.HostKeyOption;
import org.gardenos.cli.command.LayerModules;

/**
 * {@code plan} and {@code apply} through the whole CLI and the real GardenOS engine, with hosts replaced by an
 * in-memory stand-in ({@link StandInConnector}) and one stand-in layer that writes a file.
 */
class ConvergeCommandsTest {
    @TempDir
    Path dir;
    Path inventory;
    Path stateDir;
    final StandInConnector connector = StandInConnector.succeedingHosts();
    final AtomicReference<Boolean> acceptNewSeen = new AtomicReference<>();

    /** A layer with one resource: {@code /etc/motd} must say "hello". node-2 fails when told to. */
    static final class MotdLayer implements Layer {
        @Override
        public String name() {
            return "motd";
        }

        @Override
        public Set<String> dependsOn() {
            return Set.of();
        }

        @Override
        public List<Play> plays(Inventory inventory) {
            return List.of(new Play("motd", inventory.hosts(), host -> List.of(new MotdFile()), Play.Strategy.PARALLEL));
        }
    }

    static final class MotdFile implements Resource {
        @Override
        public String name() {
            return "file:/etc/motd";
        }

        @Override
        public Change check(Target target) {
            return target.remote().read("/etc/motd").map(String::new).filter("hello"::equals).isPresent()
                    ? Change.none()
                    : Change.of(ChangeAction.CREATE, "file is missing");
        }

        @Override
        public void apply(Target target, Change change) {
            target.remote().exec("test ! -e /etc/broken").requireOk();
            target.remote().upload("/etc/motd", "hello".getBytes(), 0644, "root");
        }
    }

    /** Healthy when every host has the file. */
    record MotdStatus(StandInConnector hosts) implements LayerStatus {
        @Override
        public String layer() {
            return "motd";
        }

        @Override
        public StatusReport probe() {
            List<StatusItem> items = java.util.stream.Stream.of("node-1", "node-2", "node-3")
                    .map(h -> new StatusItem(h, hosts.prepare(h).textIfPresent("/etc/motd").isEmpty() ? Health.DOWN
                            : Health.HEALTHY, Map.of("motd", hosts.prepare(h).textIfPresent("/etc/motd").orElse("null"))))
                    .toList();
            Health health = items.stream().map(StatusItem::health).reduce(Health.HEALTHY, Health::and);
            return new StatusReport("motd", health, items.stream().filter(i -> i.health() == Health.HEALTHY).count()
                    + "/3 hosts have it", items);
        }
    }

    @BeforeEach
    void files() throws IOException {
        inventory = TestInventoryFiles.threeNodes(dir);
        stateDir = dir.resolve("state");
    }

    private CliRun gardenos(String... args) {
        Module standIns = new AbstractModule() {
            @Override
            protected void configure() {
                bind(ConnectorFactory.class).toInstance((inv, acceptNew) -> {
                    acceptNewSeen.set(acceptNew);
                    return connector;
                });
                Module motd = binder -> {
                    Multibinder.newSetBinder(binder, Layer.class).addBinding().toInstance(new MotdLayer());
                    Multibinder.newSetBinder(binder, LayerStatus.class).addBinding().toInstance(new MotdStatus(connector));
                };
                bind(LayerModules.class).toInstance(new LayerModules(List.of(new ShippedSectionsOnly(), motd)));
            }
        };
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"-f", inventory.toString(), "--state-dir", stateDir.toString()}, 0, all,
                args.length, 4);
        return CliRun.run(Map.of(), cli -> { }, new Module[] {standIns}, all);
    }

    @Test
    void planListsWhatApplyWouldChangeAndChangesNothing() {
        CliRun run = gardenos("plan", "motd");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                HOST    LAYER  RESOURCE        ACTION  DETAIL
                node-1  motd   file:/etc/motd  create  file is missing
                node-2  motd   file:/etc/motd  create  file is missing
                node-3  motd   file:/etc/motd  create  file is missing
                3 changes on 3 hosts.
                """);
        assertThat(connector.prepare("node-1").textIfPresent("/etc/motd")).isEmpty();
    }

    @Test
    void planJsonIsTheDocumentedShape() throws Exception {
        CliRun run = gardenos("plan", "motd", "-o", "json");
        JsonNode doc = new ObjectMapper().readTree(run.out());

        assertThat(run.exitCode()).isZero();
        assertThat(doc.get("changes")).hasSize(3);
        JsonNode first = doc.get("changes").get(0);
        assertThat(first.get("host").asText()).isEqualTo("node-1");
        assertThat(first.get("layer").asText()).isEqualTo("motd");
        assertThat(first.get("resource").asText()).isEqualTo("file:/etc/motd");
        assertThat(first.get("action").asText()).isEqualTo("create");
        assertThat(doc.has("failures")).isFalse();
    }

    @Test
    void applyPrintsProgressThenARecapAndASecondApplyChangesNothing() {
        CliRun first = gardenos("apply", "motd");
        CliRun second = gardenos("apply", "motd");
        CliRun plan = gardenos("plan", "motd");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("changed  [node-2] motd file:/etc/motd (create: file is missing)\n");
        assertThat(first.out()).endsWith("""
                RECAP
                node-1  ok=0    changed=1    failed=0    skipped=0
                node-2  ok=0    changed=1    failed=0    skipped=0
                node-3  ok=0    changed=1    failed=0    skipped=0
                """);
        assertThat(connector.prepare("node-3").textIfPresent("/etc/motd")).contains("hello");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("ok       [node-1] motd file:/etc/motd\n")
                .contains("node-1  ok=1    changed=0    failed=0    skipped=0");
        assertThat(plan.out()).isEqualTo("No changes: every host is converged.\n");
    }

    @Test
    void applyJsonKeepsStdoutPureAndProgressOnStderr() throws Exception {
        CliRun run = gardenos("-o", "json", "apply", "motd");
        JsonNode doc = new ObjectMapper().readTree(run.out());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(doc.get("changed").asInt()).isEqualTo(3);
        assertThat(doc.get("failed").asInt()).isZero();
        assertThat(doc.get("hosts")).hasSize(3);
        assertThat(doc.get("hosts").get(0).get("name").asText()).isEqualTo("node-1");
        assertThat(doc.get("hosts").get(0).get("ok").asInt()).isZero();
        assertThat(doc.get("hosts").get(0).get("changed").asInt()).isEqualTo(1);
        assertThat(doc.get("hosts").get(0).get("failed").asInt()).isZero();
        assertThat(run.err()).contains("changed  [node-1] motd file:/etc/motd");
    }

    @Test
    void aFailedHostMeansExit1AndAnErrorLineNamingHostCommandAndStderr() {
        connector.prepare("node-2").failCommand("test ! -e /etc/broken", 1, "/etc/broken exists");

        CliRun run = gardenos("apply", "motd");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("node-2  ok=0    changed=0    failed=1    skipped=0");
        assertThat(run.out()).contains("node-1  ok=0    changed=1");
        assertThat(run.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("error: node-2 [motd] file:/etc/motd: ")
                .contains("test ! -e /etc/broken").contains("/etc/broken exists"));
    }

    @Test
    void unknownLayerIsBadInputBeforeAnyHostIsTouched() {
        CliRun run = gardenos("apply", "nosuchlayer");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nosuchlayer").doesNotContain("\tat ");
        assertThat(connector.connects()).isEmpty();
    }

    @Test
    void hostKeyPolicyIsStrictUnlessAskedAndStateDirIsPrivate() throws IOException {
        gardenos("plan", "motd");
        assertThat(acceptNewSeen.get()).isFalse();

        gardenos("apply", "motd", "--accept-new-host-keys");
        assertThat(acceptNewSeen.get()).isTrue();

        // the same shared option (HostKeyOption) on every command that connects
        for (String[] args : new String[][] {{"plan", "motd", "--accept-new-host-keys"}, {"status", "motd", "--accept-new-host-keys"}}) {
            acceptNewSeen.set(false);
            gardenos(args);
            assertThat(acceptNewSeen.get()).as(String.join(" ", args)).isTrue();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir))).isEqualTo("rwx------");
    }

    @Test
    void theConnectorIsClosedAfterTheCommand() {
        gardenos("apply", "motd");

        assertThat(connector.closed()).isTrue();
    }

    @Test
    void statusShowsEachLayersVerdictAndExits0OnlyWhenHealthy() throws Exception {
        CliRun before = gardenos("status", "motd");
        gardenos("apply", "motd");
        CliRun after = gardenos("status", "motd", "-o", "json");

        assertThat(before.exitCode()).as(before.toString()).isEqualTo(1);
        assertThat(before.out()).startsWith("motd: DOWN - 0/3 hosts have it\n")
                .contains("  node-1  DOWN    null");
        assertThat(after.exitCode()).as(after.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(after.out());
        assertThat(doc.get("healthy").asBoolean()).isTrue();
        assertThat(doc.get("layers").get(0).get("items").get(2).get("fields").get("motd").asText()).isEqualTo("hello");
    }

    @Test
    void statusOfAnUnknownLayerIsBadInput() {
        CliRun run = gardenos("status", "nosuchlayer");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nosuchlayer").doesNotContain("\tat ");
    }
}
