package org.gardenos.etcd;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.etcd.pki.EtcdPki;

/**
 * A certificate or key from the state dir's PKI, copied to the host (owned by the etcd user, keys 0600). The PKI is
 * ensured on first use, from the Target's state dir, so it exists before any file is compared.
 */
final class PkiFile implements Resource {
    private final EtcdRun run;
    private final String path;
    private final int mode;
    private final Function<EtcdPki, Path> source;

    PkiFile(EtcdRun run, String path, int mode, Function<EtcdPki, Path> source) {
        this.run = run;
        this.path = path;
        this.mode = mode;
        this.source = source;
    }

    @Override
    public String name() {
        return "file:" + path;
    }

    @Override
    public Change check(Target t) {
        return delegate(t).check(t);
    }

    @Override
    public void apply(Target t, Change change) {
        delegate(t).apply(t, change);
    }

    private HostFile delegate(Target t) {
        Path local = source.apply(run.pki(t.state()).orElseThrow());
        return new HostFile(path, () -> EtcdRun.read(local), mode, EtcdHostPaths.USER + ":" + EtcdHostPaths.USER,
                Optional.empty());
    }
}
