package org.gardenos.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.Probe;
import org.gardenos.remote.ProbeAnswer;
import org.gardenos.remote.RemoteHost;

/**
 * Another host of the run as one host's check sees it ({@link Target#peer}): a check that reads other hosts (the
 * etcd peer CA move reads every member's config) gets its read-only commands and file reads answered from that
 * host's batch, but only while no apply ran on any host since the batch was asked ({@link
 * BatchedProbes#answerForPeer}); stricter than a host's own checks, which keep their play's answers while only
 * other hosts apply. Everything else goes to the host; a write (a check should make none) also makes every batch
 * asked so far unusable for later plays.
 */
final class PeerView implements RemoteHost {
    private final BatchedProbes batch;

    PeerView(BatchedProbes batch) {
        this.batch = batch;
    }

    @Override
    public String name() {
        return batch.host().name();
    }

    @Override
    public String address() {
        return batch.host().address();
    }

    @Override
    public CommandResult exec(String command) {
        ProbeAnswer answer = batch.answerForPeer(Probe.command(command));
        return answer != null ? answer.result() : batch.host().exec(command);
    }

    @Override
    public CommandResult exec(String command, byte[] stdin) {
        if (stdin.length == 0) {
            return exec(command);
        }
        batch.writtenByPeer();
        return batch.host().exec(command, stdin);
    }

    @Override
    public void upload(String path, byte[] content, int mode, String owner) {
        batch.writtenByPeer();
        batch.host().upload(path, content, mode, owner);
    }

    @Override
    public void upload(String path, java.nio.file.Path local, int mode, String owner) {
        batch.writtenByPeer();
        batch.host().upload(path, local, mode, owner);
    }

    @Override
    public Optional<byte[]> read(String path) {
        ProbeAnswer answer = batch.answerForPeer(Probe.read(path));
        return answer != null ? answer.asFileContent() : batch.host().read(path);
    }

    @Override
    public Map<Probe, ProbeAnswer> probeAll(List<Probe> probes) {
        return batch.host().probeAll(probes);
    }

    /** The connection belongs to the run, not to this view. */
    @Override
    public void close() {
    }
}
