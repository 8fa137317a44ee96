package org.gardenos.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gardenos.GardenOS;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.Change;
import org.gardenos.engine.Layer;
import org.gardenos.engine.Play;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.Inventory;
import org.gardenos.standin.StandInConnector;
import org.gardenos.standin.TestInventories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirLockTest {
    static final CountDownLatch INSIDE = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @TempDir
    Path tmp;

    /** A layer whose only resource waits inside the first apply until the test lets it go. */
    static final class BlockingLayer implements Layer {
        @jakarta.inject.Inject
        BlockingLayer() {
        }

        @Override
        public String name() {
            return "blocking";
        }

        @Override
        public Set<String> dependsOn() {
            return Set.of();
        }

        @Override
        public List<Play> plays(Inventory inv) {
            return List.of(new Play("wait", inv.hosts().subList(0, 1), h -> List.of(new Resource() {
                @Override
                public String name() {
                    return "wait";
                }

                @Override
                public Change check(Target target) throws Exception {
                    INSIDE.countDown();
                    RELEASE.await(30, TimeUnit.SECONDS);
                    return Change.none();
                }

                @Override
                public void apply(Target target, Change change) {
                }
            }), Play.Strategy.PARALLEL));
        }
    }

    private GardenOS garden(Path state) {
        return GardenOS.builder().inventory(TestInventories.nodes(1)).stateDir(state)
                .connector(StandInConnector.succeedingHosts()).addModule(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(BlockingLayer.class);
                        Multibinder.newSetBinder(binder(), Layer.class).addBinding().to(BlockingLayer.class);
                    }
                }).build();
    }

    @Test
    void aSecondApplyOnTheSameStateDirIsRefusedNamingTheHolderAndRunsAfterwards() throws Exception {
        Path state = tmp.resolve("state");
        try (GardenOS first = garden(state); GardenOS second = garden(state)) {
            CompletableFuture<ApplyReport> running = CompletableFuture.supplyAsync(
                    () -> first.apply(ApplyListener.NONE, "blocking"));
            assertThat(INSIDE.await(30, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> second.apply(ApplyListener.NONE, "blocking"))
                    .isInstanceOf(GardenException.class)
                    .hasMessageContaining("is in use by another GardenOS run")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("started ")
                    .hasMessageContaining("running 'apply blocking'");
            assertThatThrownBy(() -> second.plan("blocking")).hasMessageContaining("in use");

            RELEASE.countDown();
            assertThat(running.get(30, TimeUnit.SECONDS).failures()).isEmpty();
            assertThat(second.apply(ApplyListener.NONE, "blocking").failures()).as("free again").isEmpty();
        }
        assertThat(Files.readString(state.resolve(StateDirLock.FILE))).as("holder text emptied").isEmpty();
        assertThat(Files.getPosixFilePermissions(state.resolve(StateDirLock.FILE)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aLockHeldByAnotherProcessIsRefusedWithItsPidAndFreedWhenThatProcessDies() throws Exception {
        StateDir state = StateDir.open(tmp.resolve("other"));
        Path holder = tmp.resolve("Holder.java");
        Files.writeString(holder, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Holder {
                    public static void main(String[] a) throws Exception {
                        FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        c.lock();
                        c.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", running 'x'").getBytes()));
                        System.out.println("locked");
                        Thread.sleep(60000);
                    }
                }
                """);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), holder.toString(), state.resolve(StateDirLock.FILE).toString())
                .redirectErrorStream(true).start();
        try {
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(line).isEqualTo("locked");
            assertThatThrownBy(() -> StateDirLock.acquire(state, "apply"))
                    .hasMessageContaining("pid " + p.pid());
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (StateDirLock lock = StateDirLock.acquire(state, "apply")) {
            assertThat(Files.readString(state.resolve(StateDirLock.FILE)))
                    .contains("pid " + ProcessHandle.current().pid(), "running 'apply'");
        }
    }
}
