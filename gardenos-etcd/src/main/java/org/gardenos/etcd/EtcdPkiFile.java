package org.gardenos.etcd;

import java.nio.file.Path;
import java.util.function.Function;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.resources.RemoteFile;

/**
 * A certificate or key of a member from the state dir's PKI, owned by the etcd user. {@link #check} only reads:
 * when the CA or this member's certificate is not issued yet it reports what apply would issue (a plan never
 * writes keys); {@link #apply} issues what is missing (the new-CA guard first) and then writes the file.
 */
final class EtcdPkiFile implements Resource {
    private final EtcdRun run;
    private final EtcdPki.Member member;
    private final String path;
    private final int mode;
    private final Function<EtcdPki, Path> source;

    EtcdPkiFile(EtcdRun run, EtcdPki.Member member, String path, int mode, Function<EtcdPki, Path> source) {
        this.run = run;
        this.member = member;
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
        if (EtcdPki.existing(t.state()).isEmpty()) {
            return Change.of(ChangeAction.CREATE, path + " (from a new etcd CA in the state dir)");
        }
        if (!EtcdPki.memberCurrent(t.state(), member)) {
            return Change.of(ChangeAction.CREATE, path + " (member certificate to issue for " + member.name() + ")");
        }
        return file(EtcdPki.existing(t.state()).orElseThrow()).check(t);
    }

    @Override
    public void apply(Target t, Change change) {
        RemoteFile file = file(run.pki(t.state()).orElseThrow());
        Change now = file.check(t);
        if (!now.isNone()) {
            file.apply(t, now);
        }
    }

    private RemoteFile file(EtcdPki pki) {
        return new RemoteFile(path, EtcdRun.read(source.apply(pki)), mode,
                EtcdHostPaths.USER + ":" + EtcdHostPaths.USER);
    }
}
