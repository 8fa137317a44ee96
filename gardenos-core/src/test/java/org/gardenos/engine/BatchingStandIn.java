package org.gardenos.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.Probe;
import org.gardenos.remote.ProbeAnswer;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;
import org.gardenos.standin.InMemoryHostStandIn;
import org.gardenos.standin.StandInConnector;

/**
 * The STAND-IN host as a host that batches: {@code probeAll} answers each probe from the stand-in and is recorded as
 * one round trip; every other call is recorded as a round trip of its own ({@link BatchedProbesTest},
 * {@link CrossPlayBatchingTest}).
 */
final class BatchingStandIn implements RemoteHost {
    private final InMemoryHostStandIn host;
    final List<String> roundTrips = new CopyOnWriteArrayList<>();

    private final Runnable beforeProbeAll;

    BatchingStandIn(InMemoryHostStandIn host) {
        this(host, () -> { });
    }

    /** A connector to {@code standIns}, each wrapped to batch (kept in {@code hosts} by name) when {@code batching}. */
    static RemoteHostConnector connector(StandInConnector standIns, Map<String, BatchingStandIn> hosts,
                                         boolean batching) {
        return spec -> batching ? hosts.computeIfAbsent(spec.name(), n -> new BatchingStandIn(standIns.host(spec)))
                : standIns.host(spec);
    }

    /** {@code beforeProbeAll} runs before each batch is answered (to order hosts in a test). */
    BatchingStandIn(InMemoryHostStandIn host, Runnable beforeProbeAll) {
        this.host = host;
        this.beforeProbeAll = beforeProbeAll;
    }

    @Override
    public Map<Probe, ProbeAnswer> probeAll(List<Probe> probes) {
        beforeProbeAll.run();
        roundTrips.add("probeAll(" + probes.size() + ")");
        Map<Probe, ProbeAnswer> answers = new LinkedHashMap<>();
        for (Probe probe : probes) {
            if (probe instanceof Probe.FileRead read) {
                Optional<byte[]> content = host.read(read.path());
                CommandResult result = new CommandResult(name(), "read " + read.path(),
                        content.isPresent() ? 0 : ProbeAnswer.READ_MISSING_EXIT, "", "");
                answers.put(probe, new ProbeAnswer(result, content.orElse(new byte[0])));
            } else {
                CommandResult result = host.exec(((Probe.Command) probe).command());
                answers.put(probe, new ProbeAnswer(result, result.stdout().getBytes()));
            }
        }
        return answers;
    }

    @Override
    public String name() {
        return host.name();
    }

    @Override
    public String address() {
        return host.address();
    }

    @Override
    public CommandResult exec(String command) {
        roundTrips.add("exec " + command);
        return host.exec(command);
    }

    @Override
    public CommandResult exec(String command, byte[] stdin) {
        roundTrips.add("exec " + command);
        return host.exec(command, stdin);
    }

    @Override
    public void upload(String path, byte[] content, int mode, String owner) {
        roundTrips.add("upload " + path);
        host.upload(path, content, mode, owner);
    }

    @Override
    public Optional<byte[]> read(String path) {
        roundTrips.add("read " + path);
        return host.read(path);
    }

    @Override
    public void close() {
        host.close();
    }
}
