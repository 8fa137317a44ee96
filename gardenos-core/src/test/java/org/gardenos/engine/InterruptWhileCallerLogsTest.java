package org.gardenos.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.gardenos.inventory.Inventory;
import org.gardenos.standin.StandInConnector;
import org.gardenos.standin.TestInventories;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupt stops new work from the moment it lands, also while the calling thread writes its "interrupted"
 * warning. Output capture on that thread may clear the interrupt flag for the length of a write and set it again
 * afterwards: Maven Surefire's console channel in a forked test JVM does ({@code EventChannelEncoder.write}), which
 * let a host of InterruptedApplyOnRealHostsTest run a resource after the interrupt (1 failure in 17 runs). Here a
 * stand-in {@code System.err} does the same and holds that moment open with latches until the worker has decided.
 */
class InterruptWhileCallerLogsTest {
    @TempDir
    Path stateRoot;

    @Test
    void aWorkerThatLooksWhileTheCallerWritesItsWarningStartsNothing() throws Exception {
        CountDownLatch firstChange = new CountDownLatch(1);
        CountDownLatch callerWriting = new CountDownLatch(1);
        CountDownLatch workerDecided = new CountDownLatch(1);
        AtomicBoolean wroteWithFlagCleared = new AtomicBoolean();
        List<String> checked = new CopyOnWriteArrayList<>();
        Inventory inv = TestInventories.nodes(1);
        TestLayer layer = new TestLayer("base", Set.of(), i -> List.of(new Play("base", i.hosts(), h -> List.of(
                ScriptedResource.drifted("first"), recorded("second", checked), recorded("third", checked)),
                Play.Strategy.PARALLEL)));
        Converger converger = new Converger(inv, StateDir.open(stateRoot), new StandInConnector(), new RunOptions(1),
                new LinkedHashSet<>(List.of(layer)));
        // holds the worker in the first CHANGED event until the caller is in the middle of writing its warning
        ApplyListener listener = new ApplyListener() {
            @Override
            public void resourceStarted(String host, String layerName, String resource) {
                if (!resource.equals("first")) {
                    workerDecided.countDown(); // ran on: the wrong decision
                }
            }

            @Override
            public void resourceFinished(String host, String layerName, String resource, Outcome outcome,
                                         Change change) {
                if (outcome == Outcome.CHANGED) {
                    firstChange.countDown();
                    await(callerWriting);
                } else if (!resource.equals("first")) {
                    workerDecided.countDown(); // skipped
                }
            }
        };
        AtomicReference<ApplyReport> report = new AtomicReference<>();
        Thread caller = new Thread(() -> report.set(converger.apply(List.of(), listener)), "apply");
        PrintStream originalErr = System.err; // slf4j-simple, the test log backend, writes to System.err as it is now
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (Thread.currentThread() != caller) {
                    originalErr.write(b, off, len);
                    return;
                }
                boolean wasInterrupted = Thread.interrupted(); // as Surefire's console channel does around a write
                try {
                    if (wasInterrupted && wroteWithFlagCleared.compareAndSet(false, true)) {
                        callerWriting.countDown();
                        await(workerDecided);
                    }
                    originalErr.write(b, off, len);
                } finally {
                    if (wasInterrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }, true, UTF_8));
        try {
            caller.start();
            assertThat(await(firstChange)).as("the first resource changed").isTrue();
            caller.interrupt();
            caller.join(TimeUnit.MINUTES.toMillis(5));
        } finally {
            System.setErr(originalErr);
        }

        assertThat(caller.isAlive()).isFalse();
        assertThat(wroteWithFlagCleared).as("the caller wrote its warning with its flag cleared").isTrue();
        assertThat(checked).as("resources started after the interrupt").isEmpty();
        assertThat(report.get().interrupted()).isTrue();
        assertThat(report.get().hosts()).containsExactly(new HostRecap("node-1", 0, 1, 0, 2));
    }

    private static ScriptedResource recorded(String name, List<String> checked) {
        return new ScriptedResource(name, t -> {
            checked.add(name);
            return Change.none();
        }, (t, c) -> { });
    }

    /** A bounded wait so a broken run fails instead of hanging; what happened is asserted, not how long it took. */
    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
