package org.gardenos.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.RemoteHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe batches of one run ({@link BatchedProbes}): one per host, kept from play to play, and the run-wide count
 * of applies they share. A host's batch asks the probes of its resources in the run's later plays too, so a run
 * that changes nothing asks each host once (issue 13, cross-play batching); after any apply on any host a later
 * play asks again.
 */
final class RunProbes {
    private static final Logger LOG = LoggerFactory.getLogger(RunProbes.class);

    private final List<ConvergeRun.Step> steps;
    private final AtomicLong applies = new AtomicLong();
    private final Map<String, BatchedProbes> hosts = new ConcurrentHashMap<>();

    RunProbes(List<ConvergeRun.Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The host's batch at the first check of {@code step} there, with the play's {@code resources}. */
    BatchedProbes startPlay(ConvergeRun.Step step, HostSpec host, RemoteHost remote, List<Resource> resources) {
        BatchedProbes batch = hosts.computeIfAbsent(host.name(), n -> new BatchedProbes(remote, applies));
        batch.startPlay(resources, () -> later(step, host));
        return batch;
    }

    /**
     * {@code host} as another host's check sees it ({@link PeerView}); empty when the run has not batched it (the
     * check then connects as it would without a run).
     */
    Optional<RemoteHost> peer(HostSpec host) {
        BatchedProbes batch = hosts.get(host.name());
        return batch == null ? Optional.empty() : Optional.of(new PeerView(batch));
    }

    /**
     * The host's resources in the plays after {@code step}. A play whose resources cannot be built here adds none:
     * it reports that failure itself when it runs.
     */
    private List<Resource> later(ConvergeRun.Step step, HostSpec host) {
        List<Resource> later = new ArrayList<>();
        for (ConvergeRun.Step next : steps.subList(steps.indexOf(step) + 1, steps.size())) {
            if (next.play().hosts().contains(host)) {
                try {
                    later.addAll(next.play().resources().apply(host));
                } catch (RuntimeException e) {
                    LOG.debug("{}: the resources of play {} not batched ahead: {}", host.name(), next.play().name(),
                            e.toString());
                }
            }
        }
        return later;
    }
}
