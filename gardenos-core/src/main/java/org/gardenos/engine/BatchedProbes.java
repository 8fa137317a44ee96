package org.gardenos.engine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.Probe;
import org.gardenos.remote.ProbeAnswer;
import org.gardenos.remote.RemoteHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host as the checks of a run see it, one per host for the whole run: the declared {@link Resource#probes()} of
 * the play's resources not yet checked, and of the host's resources in the run's later plays, are asked in one round
 * trip ({@link RemoteHost#probeAll}) just before the next check, and the checks' {@code exec}/{@code read} calls are
 * answered from there. Any apply on this host ({@link #invalidate}) makes those answers stale: the next check asks
 * the remaining resources' probes again. A later play starts with the answers only while no apply ran on ANY host
 * since they were asked ({@link #startPlay}): an etcd member restarted on one host changes what another host's check
 * sees. Everything else goes to the host. One host's plays run on one thread at a time, so this needs no locking
 * beyond the volatile hand-over between pool threads.
 */
final class BatchedProbes implements RemoteHost {
    private static final Logger LOG = LoggerFactory.getLogger(BatchedProbes.class);

    private final RemoteHost remote;
    private final AtomicLong applies;
    private volatile List<Resource> resources = List.of();
    private volatile Supplier<List<Resource>> later = List::of;
    /**
     * The answers, {@link #applies} when they were asked and whether the later plays' probes were asked too, in one
     * reference for {@link PeerView}'s threads.
     */
    private record Asked(Map<Probe, ProbeAnswer> answers, long at, boolean withLater) {
    }

    private static final Asked NONE = new Asked(Map.of(), -1, false);
    private volatile Asked asked = NONE;
    private volatile boolean fresh;
    /** No batch asked yet in this play: the next one asks the later plays' probes too. */
    private volatile boolean playStart;

    /**
     * @param applies the run's count of applies (on every host), bumped by {@link #invalidate} of any host's batch
     *                when an apply starts and when it ends
     */
    BatchedProbes(RemoteHost remote, AtomicLong applies) {
        this.remote = remote;
        this.applies = applies;
    }

    /**
     * A play starts on this host with {@code resources}; {@code later} gives the host's resources of the run's later
     * plays (asked only when a batch is). The answers asked in an earlier play are kept only while no apply ran on
     * any host since they were asked, and only if they were asked with the later plays' probes: then they are what
     * a batch asked now would answer. The later plays' probes are asked only by a play's first batch, not again after
     * each apply of this host within the play (they would be stale by the next play anyway).
     */
    void startPlay(List<Resource> resources, Supplier<List<Resource>> later) {
        this.resources = List.copyOf(resources);
        this.later = later;
        playStart = true;
        if (fresh && (!asked.withLater() || asked.at() != applies.get())) {
            fresh = false;
            asked = NONE;
        }
    }

    /** Called before the check of resource {@code index}: asks the probes from there on if the answers are stale. */
    RemoteHost beforeCheck(int index) {
        if (!fresh) {
            long now = applies.get();
            boolean withLater = playStart;
            Set<Probe> probes = probesFrom(index, withLater);
            asked = new Asked(probes.size() < 2 ? Map.of() : remote.probeAll(List.copyOf(probes)), now, withLater);
            fresh = true;
            playStart = false;
        }
        return this;
    }

    /**
     * Like {@link #beforeCheck(int)} for the play's first check, with {@code lead} (a command with an effect: the
     * run's host lock, {@link HostLocks#takeProbe()}) asked first in the same round trip. Returns the lead's result;
     * it is never served to a check. Where the host cannot batch, the lead runs on its own.
     */
    CommandResult beforeCheck(int index, Probe lead) {
        long now = applies.get();
        Set<Probe> probes = new LinkedHashSet<>();
        probes.add(lead);
        boolean withLater = playStart;
        probes.addAll(probesFrom(index, withLater));
        Map<Probe, ProbeAnswer> all = new java.util.HashMap<>(remote.probeAll(List.copyOf(probes)));
        ProbeAnswer led = all.remove(lead);
        asked = new Asked(Map.copyOf(all), now, withLater);
        fresh = true;
        playStart = false;
        return led != null ? led.result() : remote.exec(((Probe.Command) lead).command());
    }

    /**
     * An apply starts or ended on this host: its answers may be stale, and so are every other host's for their later
     * plays (the run's count moves). Counting the end too means a batch asked while an apply ran is not carried
     * into a later play: it may have seen a half-done change.
     */
    void invalidate() {
        fresh = false;
        asked = NONE;
        applies.incrementAndGet();
    }

    /**
     * The answer to {@code probe} for another host's check ({@link PeerView}): only while no apply ran on any host
     * since it was asked, else null (ask the host).
     */
    ProbeAnswer answerForPeer(Probe probe) {
        Asked now = asked;
        return now.at() == applies.get() ? now.answers().get(probe) : null;
    }

    /** The host itself, for {@link PeerView}. */
    RemoteHost host() {
        return remote;
    }

    /** A check wrote to this host through a {@link PeerView}: no batch asked before may be used by a later play. */
    void writtenByPeer() {
        applies.incrementAndGet();
    }

    private Set<Probe> probesFrom(int index, boolean withLater) {
        Set<Probe> probes = new LinkedHashSet<>();
        List<Resource> play = resources;
        for (Resource resource : play.subList(Math.min(index, play.size()), play.size())) {
            probes.addAll(declared(resource));
        }
        for (Resource resource : withLater ? later.get() : List.<Resource>of()) {
            probes.addAll(declared(resource));
        }
        return probes;
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
        ProbeAnswer answer = asked.answers().get(Probe.command(command));
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
        ProbeAnswer answer = asked.answers().get(Probe.read(path));
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
