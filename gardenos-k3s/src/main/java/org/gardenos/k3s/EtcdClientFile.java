package org.gardenos.k3s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.pki.EtcdClientCredentials;
import org.gardenos.remote.Probe;
import org.gardenos.resources.DeferredRemoteFile;

/**
 * One file of K3s's etcd client certificate on a server ({@code ca.crt}, {@code client.crt}, {@code client.key}).
 * While the state dir does not hold that certificate yet, {@link #check} says "would issue" without asking the etcd
 * module for the files, because asking issues them (and the CA on a fresh state dir): a plan never makes a secret on
 * disk (issue 9 item 8). {@link #apply} asks, then converges the file with a fresh check.
 */
final class EtcdClientFile implements Resource {
    static final String CLIENT = "k3s";

    private final EtcdClientCredentials etcd;
    private final String path;
    private final DeferredRemoteFile file;

    EtcdClientFile(EtcdClientCredentials etcd, String path, int mode,
                   Function<EtcdClientCredentials.ClientFiles, Path> pick) {
        this.etcd = etcd;
        this.path = path;
        this.file = new DeferredRemoteFile(path, mode, "root:root",
                t -> read(pick.apply(etcd.client(t.state(), t.inventory(), CLIENT))));
    }

    @Override
    public String name() {
        return file.name();
    }

    @Override
    public List<Probe> probes() {
        return file.probes();
    }

    @Override
    public Change check(Target target) {
        if (!etcd.issued(target.state(), target.inventory(), CLIENT)) {
            return Change.of(ChangeAction.CREATE, path + " (would issue the etcd client certificate '" + CLIENT
                    + "' in " + target.state().root() + ")");
        }
        return file.check(target);
    }

    @Override
    public void apply(Target target, Change change) {
        Change now = file.check(target);
        if (!now.isNone()) {
            file.apply(target, now);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
