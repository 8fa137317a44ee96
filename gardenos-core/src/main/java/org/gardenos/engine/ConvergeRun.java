package org.gardenos.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plan or apply: walks the steps (a play of a layer) in order, each step on its hosts in parallel (bounded)
 * or one host at a time, and finishes every step on every host before the next step starts, so a layer always
 * finds the layers it depends on done. A failure stops only its host; an interrupt stops scheduling new work.
 */
final class ConvergeRun {
    enum Mode { PLAN, APPLY }

    /** One play of one layer, numbered in run order. */
    record Step(int seq, Layer layer, Play play) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConvergeRun.class);
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Mode mode;
    private final List<Step> steps;
    private final Inventory inventory;
    private final StateDir stateDir;
    private final RemoteHostConnector connector;
    private final int parallelism;
    private final ApplyListener listener;
    private final Map<String, HostLedger> ledgers = new LinkedHashMap<>();
    private final RunJournal journal = new RunJournal();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final HostLocks locks = HostLocks.forNewRun();
    private final RunProbes probes;
    private Thread caller;
    private boolean interrupted;

    ConvergeRun(Mode mode, List<Step> steps, Inventory inventory, StateDir stateDir, RemoteHostConnector connector,
                RunOptions options, ApplyListener listener) {
        this.mode = mode;
        this.steps = List.copyOf(steps);
        this.probes = new RunProbes(this.steps);
        this.inventory = inventory;
        this.stateDir = stateDir;
        this.connector = connector;
        this.parallelism = options.parallelism();
        this.listener = new SerializedListener(listener);
        List<HostSpec> order = new ArrayList<>(inventory.hosts());
        steps.forEach(s -> s.play().hosts().stream().filter(h -> !order.contains(h)).forEach(order::add));
        for (HostSpec host : order) {
            if (steps.stream().anyMatch(s -> s.play().hosts().contains(host))) {
                ledgers.putIfAbsent(host.name(), new HostLedger(host, ledgers.size()));
            }
        }
    }

    PlanReport planReport() {
        return new PlanReport(journal.changes(), journal.failures(), journal.warnings(), interrupted);
    }

    ApplyReport applyReport() {
        return new ApplyReport(ledgers.values().stream().map(HostLedger::recap).toList(), journal.failures(),
                journal.warnings(), interrupted);
    }

    /** Runs every step; returns when all work has finished (also after an interrupt, which is then re-asserted). */
    ConvergeRun execute() {
        caller = Thread.currentThread();
        int threads = Math.max(1, Math.min(parallelism, ledgers.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, workerThreads());
        try {
            for (Step step : steps) {
                noticeInterrupt();
                boolean rolling = mode == Mode.APPLY && step.play().strategy() == Play.Strategy.ONE_AT_A_TIME;
                if (rolling) {
                    rollOneAtATime(step, pool);
                } else {
                    runInParallel(step, pool);
                }
            }
        } finally {
            pool.shutdown();
            locks.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    private void runInParallel(Step step, ExecutorService pool) {
        List<Future<?>> running = new ArrayList<>();
        for (HostLedger host : hostsOf(step)) {
            running.add(submit(pool, step, host));
        }
        awaitAll(running);
    }

    /** Rolling: one host after the other; the first host that fails halts the hosts not yet reached. */
    private void rollOneAtATime(Step step, ExecutorService pool) {
        String halted = null;
        for (HostLedger host : hostsOf(step)) {
            if (halted != null) {
                host.stop(halted);
                runStepOnHost(step, host); // only counts and reports the skips: the host is stopped
                continue;
            }
            int failedBefore = host.failedCount();
            awaitAll(List.of(submit(pool, step, host)));
            if (host.failedCount() > failedBefore) {
                halted = "rolling play '" + step.play().name() + "' stopped after " + host.name() + " failed";
                LOG.warn("[{}] {}", step.layer().name(), halted);
            }
        }
    }

    private List<HostLedger> hostsOf(Step step) {
        return step.play().hosts().stream().map(h -> ledgers.get(h.name())).distinct().toList();
    }

    /** Runs the host's step on the pool; {@code done()} wakes the caller only once the future is complete. */
    private Future<?> submit(ExecutorService pool, Step step, HostLedger host) {
        Thread waiting = caller;
        FutureTask<Void> task = new FutureTask<>(() -> runStepOnHost(step, host), null) {
            @Override
            protected void done() {
                LockSupport.unpark(waiting);
            }
        };
        pool.execute(task);
        return task;
    }

    /**
     * Waits for every task. Parking (unlike {@code Future.get}) leaves the interrupt flag alone, so the stop is
     * recorded before the flag is cleared: a worker always sees one or the other, never a gap between them.
     */
    private void awaitAll(List<Future<?>> futures) {
        for (Future<?> future : futures) {
            while (!future.isDone()) {
                noticeInterrupt();
                LockSupport.park(this);
            }
            try {
                future.get();
            } catch (InterruptedException e) {
                requestStop(); // cannot happen for a done future; keep the promise anyway
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new GardenException("internal error in a converge worker: " + cause, cause);
            }
        }
        noticeInterrupt();
    }

    /** On the calling thread: an interrupt becomes a stop request, then the flag is cleared until the run ends. */
    private void noticeInterrupt() {
        if (caller.isInterrupted()) {
            requestStop();
            Thread.interrupted();
        }
    }

    /**
     * Records the stop before anything else runs on the calling thread: code there may clear the interrupt flag for a
     * moment and set it again (Maven Surefire's console capture does so around every write, so the warning below
     * did), and a worker reading the flag in that moment would find neither the flag nor the stop and start a
     * resource (InterruptedApplyOnRealHostsTest failed once so; InterruptWhileCallerLogsTest).
     */
    private void requestStop() {
        stopRequested.set(true);
        if (!interrupted) {
            interrupted = true;
            LOG.warn("interrupted: no new work is started; waiting for running steps to finish");
        }
    }

    /**
     * Checked by workers before each resource: the caller's flag covers the moment before it is noticed; from then on
     * the recorded stop does, set before the caller does anything that could touch the flag ({@link #requestStop}).
     */
    private boolean stopping() {
        return stopRequested.get() || caller.isInterrupted();
    }

    private void runStepOnHost(Step step, HostLedger host) {
        List<Resource> resources;
        try {
            resources = List.copyOf(step.play().resources().apply(host.spec()));
        } catch (RuntimeException e) {
            if (host.stopReason() == null) {
                fail(step, host, -1, step.play().name(), Change.of(ChangeAction.PREPARE, ""), e);
            }
            return;
        }
        BatchedProbes batch = null;
        for (int i = 0; i < resources.size(); i++) {
            Resource resource = resources.get(i);
            String skipReason = host.stopReason() != null ? host.stopReason() : stopping() ? "interrupted" : null;
            if (skipReason == null && host.remote() == null && !connect(step, host, i)) {
                skipReason = host.stopReason();
            }
            if (skipReason != null) {
                skip(step, host, resource.name(), skipReason);
                continue;
            }
            if (batch == null) {
                batch = probes.startPlay(step, host.spec(), host.remote(), resources);
                if (mode == Mode.APPLY && !lockHeld(step, host, i, batch)) {
                    skip(step, host, resource.name(), host.stopReason());
                    continue;
                }
            }
            runResource(step, host, i, resource, batch);
        }
    }

    private boolean connect(Step step, HostLedger host, int resourceIndex) {
        try {
            RemoteHost remote = connector.connect(host.spec());
            if (remote == null) {
                throw new GardenException(host.name() + ": the connector returned no connection");
            }
            host.connected(remote);
            return true;
        } catch (RuntimeException e) {
            fail(step, host, resourceIndex, HostFailure.CONNECT, Change.of(ChangeAction.CONNECT, ""), e);
            return false;
        }
    }

    /**
     * The host's apply lock, held until the run ends so no second apply interleaves here; taken before the first
     * check of the run on the host, in the same round trip as that play's checks ({@link HostLocks#takeProbe()}).
     */
    private boolean lockHeld(Step step, HostLedger host, int index, BatchedProbes batch) {
        if (locks.holds(host.name())) {
            return true;
        }
        try {
            locks.lock(host.spec(), host.remote(), batch.beforeCheck(index, locks.takeProbe()))
                    .ifPresent(stale -> warn(step, host, index, HostFailure.CONNECT, stale));
            return true;
        } catch (RuntimeException e) {
            fail(step, host, index, HostFailure.CONNECT, Change.of(ChangeAction.CONNECT, ""), e);
            return false;
        }
    }

    /** Checks against the batched answers ({@link BatchedProbes}), applies on the host itself. */
    private void runResource(Step step, HostLedger host, int index, Resource resource, BatchedProbes batch) {
        String layer = step.layer().name();
        String name = resource.name();
        if (mode == Mode.APPLY) {
            listener.resourceStarted(host.name(), layer, name);
        }
        WarningSink warnings = message -> warn(step, host, index, name, message);
        Target target = new Target(host.spec(), host.remote(), inventory, stateDir, warnings);
        Change change;
        try {
            change = resource.check(new Target(host.spec(), batch.beforeCheck(index), inventory, stateDir, warnings,
                    probes::peer));
            if (change == null) {
                throw new GardenException(name + ": check returned no change (null); return Change.none()");
            }
        } catch (ResourceSkipped e) {
            warn(step, host, index, name, e.getMessage());
            skip(step, host, name, e.getMessage());
            return;
        } catch (InterruptedException e) {
            stopRequested.set(true);
            skip(step, host, name, "interrupted");
            return;
        } catch (Exception e) {
            fail(step, host, index, name, Change.of(ChangeAction.CHECK, ""), e);
            return;
        }
        if (change.isNone()) {
            host.countOk();
            finished(host, layer, name, Outcome.OK, change);
            return;
        }
        if (mode == Mode.PLAN) {
            journal.change(step.seq(), host.index(), index,
                    new PlannedChange(host.name(), layer, name, change.action(), change.detail()));
            return;
        }
        batch.invalidate();
        try {
            resource.apply(target, change);
            host.countChanged();
            LOG.info("{} [{}] {}: changed ({}{})", host.name(), layer, name, change.action(),
                    change.detail().isBlank() ? "" : ": " + change.detail());
            finished(host, layer, name, Outcome.CHANGED, change);
        } catch (ResourceSkipped e) {
            warn(step, host, index, name, e.getMessage());
            skip(step, host, name, e.getMessage());
        } catch (InterruptedException e) {
            stopRequested.set(true);
            fail(step, host, index, name, change, new GardenException("interrupted while applying " + name));
        } catch (Exception e) {
            fail(step, host, index, name, change, e);
        } finally {
            batch.invalidate(); // the apply has ended: a batch asked meanwhile on another host may have seen half of it
        }
    }

    private void finished(HostLedger host, String layer, String resource, Outcome outcome, Change change) {
        if (mode == Mode.APPLY) {
            listener.resourceFinished(host.name(), layer, resource, outcome, change);
        }
    }

    private void skip(Step step, HostLedger host, String resource, String reason) {
        host.countSkipped();
        finished(host, step.layer().name(), resource, Outcome.SKIPPED, Change.of(ChangeAction.SKIP, reason));
    }

    private void warn(Step step, HostLedger host, int index, String resource, String message) {
        HostWarning warning = new HostWarning(host.name(), step.layer().name(), resource, message);
        LOG.warn("{}", warning.line());
        journal.warning(step.seq(), host.index(), index, warning);
        if (mode == Mode.APPLY) {
            listener.warning(warning);
        }
    }

    private void fail(Step step, HostLedger host, int index, String resource, Change attempted, Exception e) {
        String message = describe(e);
        HostFailure failure = new HostFailure(host.name(), step.layer().name(), resource, message);
        host.countFailed();
        host.stop("skipped after " + host.name() + " failed at " + step.layer().name() + "/" + resource);
        journal.failure(step.seq(), host.index(), index, failure);
        if (e instanceof GardenException) {
            LOG.error("{}", failure.line());
        } else {
            LOG.error("{}", failure.line(), e); // not one of ours: a bug somewhere, keep the trace in the log
        }
        if (mode == Mode.APPLY) {
            listener.hostFailed(failure);
            listener.resourceFinished(host.name(), step.layer().name(), resource, Outcome.FAILED,
                    Change.of(attempted.action(), message));
        }
    }

    /** One line: our own exceptions already carry host, command, exit code and stderr. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof GardenException || e instanceof org.gardenos.error.InputException) {
            return message == null ? e.getClass().getSimpleName() : message;
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static ThreadFactory workerThreads() {
        int run = RUNS.incrementAndGet();
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "gardenos-run" + run + "-host-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
