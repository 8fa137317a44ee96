package org.gardenos.engine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.Probe;
import org.gardenos.remote.ProbeAnswer;
import org.gardenos.remote.RemoteHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host as the checks of one play on one host see it: the declared {@link Resource#probes()} of the resources
 * not yet checked are asked in one round trip ({@link RemoteHost#probeAll}) just before the next check, and the
 * checks' {@code exec}/{@code read} calls are answered from there. Any apply ({@link #invalidate}) makes those
 * answers stale: the next check asks the remaining resources' probes again. Everything else goes to the host.
 * One host's play runs on one thread at a time, so this needs no locking beyond the volatile hand-over.
 */
final class BatchedProbes implements RemoteHost {
    private static final Logger LOG = LoggerFactory.getLogger(BatchedProbes.class);

    private final RemoteHost remote;
    private final List<Resource> resources;
    private volatile Map<Probe, ProbeAnswer> answers = Map.of();
    private volatile boolean fresh;

    BatchedProbes(RemoteHost remote, List<Resource> resources) {
        this.remote = remote;
        this.resources = List.copyOf(resources);
    }

    /** Called before the check of resource {@code index}: asks the probes from there on if the answers are stale. */
    RemoteHost beforeCheck(int index) {
        if (!fresh) {
            fresh = true;
            Set<Probe> probes = new LinkedHashSet<>();
            for (Resource resource : resources.subList(index, resources.size())) {
                probes.addAll(declared(resource));
            }
            answers = probes.size() < 2 ? Map.of() : remote.probeAll(List.copyOf(probes));
        }
        return this;
    }

    /**
     * Like {@link #beforeCheck(int)} for the play's first check, with {@code lead} (a command with an effect: the
     * run's host lock, {@link HostLocks#takeProbe()}) asked first in the same round trip. Returns the lead's result;
     * it is never served to a check. Where the host cannot batch, the lead runs on its own.
     */
    CommandResult beforeCheck(int index, Probe lead) {
        Set<Probe> probes = new LinkedHashSet<>();
        probes.add(lead);
        for (Resource resource : resources.subList(index, resources.size())) {
            probes.addAll(declared(resource));
        }
        Map<Probe, ProbeAnswer> all = new java.util.HashMap<>(remote.probeAll(List.copyOf(probes)));
        ProbeAnswer led = all.remove(lead);
        fresh = true;
        answers = Map.copyOf(all);
        return led != null ? led.result() : remote.exec(((Probe.Command) lead).command());
    }

    /** The host changed (an apply ran): the answers may be stale. */
    void invalidate() {
        fresh = false;
        answers = Map.of();
    }

    private static List<Probe> declared(Resource resource) {
        try {
            return resource.probes();
        } catch (RuntimeException e) {
            // a bad declaration only costs the batch of this resource; its check runs and reports for itself
            LOG.debug("{}: probes() failed, checked without a batch: {}", resource.name(), e.toString());
            return List.of();
        }
    }

    @Override
    public String name() {
        return remote.name();
    }

    @Override
    public String address() {
        return remote.address();
    }

    @Override
    public CommandResult exec(String command) {
        ProbeAnswer answer = answers.get(Probe.command(command));
        return answer != null ? answer.result() : remote.exec(command);
    }

    @Override
    public CommandResult exec(String command, byte[] stdin) {
        return stdin.length == 0 ? exec(command) : changed(remote.exec(command, stdin));
    }

    @Override
    public void upload(String path, byte[] content, int mode, String owner) {
        invalidate();
        remote.upload(path, content, mode, owner);
    }

    @Override
    public void upload(String path, java.nio.file.Path local, int mode, String owner) {
        invalidate();
        remote.upload(path, local, mode, owner);
    }

    @Override
    public Optional<byte[]> read(String path) {
        ProbeAnswer answer = answers.get(Probe.read(path));
        return answer != null ? answer.asFileContent() : remote.read(path);
    }

    @Override
    public Map<Probe, ProbeAnswer> probeAll(List<Probe> probes) {
        return remote.probeAll(probes);
    }

    /** The connection belongs to the run, not to this view. */
    @Override
    public void close() {
    }

    private CommandResult changed(CommandResult result) {
        invalidate(); // a command with stdin is not a probe: assume it wrote something
        return result;
    }
}
