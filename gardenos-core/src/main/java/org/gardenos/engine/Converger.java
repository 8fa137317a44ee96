package org.gardenos.engine;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.state.StateDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings hosts to the state the layers describe. {@link #plan} only checks; {@link #apply} checks and changes what
 * drifted, hosts in parallel (bounded by {@link RunOptions#parallelism()}), layers in dependency order, and ends
 * with a recap per host. Connections come from the {@link RemoteHostConnector} (which caches them), once per host
 * per run; the converger never closes them.
 */
public final class Converger {
    private static final Logger LOG = LoggerFactory.getLogger(Converger.class);

    private final Inventory inventory;
    private final StateDir stateDir;
    private final RemoteHostConnector connector;
    private final RunOptions options;
    private final LayerGraph graph;

    @Inject
    public Converger(Inventory inventory, StateDir stateDir, RemoteHostConnector connector, RunOptions options,
                     Set<Layer> layers) {
        this.inventory = inventory;
        this.stateDir = stateDir;
        this.connector = connector;
        this.options = options;
        this.graph = new LayerGraph(layers);
    }

    /** Every bound layer, dependencies first (ties by name). */
    public List<Layer> layers() {
        return graph.all();
    }

    /**
     * The requested layers in dependency order (no names: all). Does not add dependencies that were not asked for.
     *
     * @throws org.gardenos.error.InputException for an unknown name, listing the known layers
     */
    public List<Layer> select(List<String> layerNames) {
        return graph.select(layerNames);
    }

    /** Reports what {@link #apply} would change, per host and resource; changes nothing. */
    public PlanReport plan(List<String> layerNames) {
        return run(ConvergeRun.Mode.PLAN, layerNames, ApplyListener.NONE).planReport();
    }

    /**
     * Converges the requested layers (no names: all). Never throws for a host failure: failures are in the report
     * ({@link ApplyReport#failed()} &gt; 0). If the calling thread is interrupted, no new work starts, running steps
     * finish, the report says {@code interrupted} and the thread's interrupt flag is set again.
     *
     * @throws org.gardenos.error.InputException for an unknown layer or a layer that rejects the inventory, before any work
     */
    public ApplyReport apply(List<String> layerNames, ApplyListener listener) {
        return run(ConvergeRun.Mode.APPLY, layerNames, listener).applyReport();
    }

    private ConvergeRun run(ConvergeRun.Mode mode, List<String> layerNames, ApplyListener listener) {
        List<ConvergeRun.Step> steps = steps(layerNames);
        try {
            for (ConvergeRun.Step step : steps) {
                try {
                    step.play().atStart().accept(stateDir);
                } catch (RuntimeException e) {
                    // only a head start: the play's checks do the work themselves and report what fails
                    LOG.debug("[{}] starting ahead for play '{}' failed: {}", step.layer().name(), step.play().name(),
                            e.toString());
                }
            }
            return new ConvergeRun(mode, steps, inventory, stateDir, connector, options, listener).execute();
        } finally {
            for (ConvergeRun.Step step : steps) {
                try {
                    step.play().afterRun().run();
                } catch (RuntimeException e) {
                    LOG.warn("[{}] releasing what play '{}' kept open failed: {}", step.layer().name(),
                            step.play().name(), e.toString());
                }
            }
        }
    }

    private List<ConvergeRun.Step> steps(List<String> layerNames) {
        List<ConvergeRun.Step> steps = new ArrayList<>();
        // every layer builds its plays before any host is touched, so bad input fails the run up front
        for (Layer layer : graph.select(layerNames)) {
            for (Play play : layer.plays(inventory)) {
                steps.add(new ConvergeRun.Step(steps.size(), layer, play));
            }
        }
        return steps;
    }
}
