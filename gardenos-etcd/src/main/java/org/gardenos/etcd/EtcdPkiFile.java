package org.gardenos.etcd;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.remote.Probe;
import org.gardenos.resources.FileProbe;
import org.gardenos.resources.RemoteFile;

/**
 * A certificate or key of a member from the state dir's PKI, owned by the etcd user. {@link #check} only reads:
 * when the CA or this member's certificate is not issued yet it reports what apply would issue (a plan never
 * writes keys); {@link #apply} issues what is missing (the new-CA guard first) and then writes the file.
 *
 * <p>A new certificate or key for a file the member already has ({@link #STAGED}: after {@code rotate-certs} or a
 * changed address) is not written over the live file, which etcd reads at every TLS handshake: the install play runs
 * on every host at once and writes a pair as two uploads, so new connections to every member would fail while one of
 * the pair is new and the other old. It is staged as {@code FILE}{@value #NEXT} instead, and
 * {@link EtcdMemberHost#PROMOTE_STAGED} moves it in, in the same shell command that restarts that member, one member
 * at a time.
 */
final class EtcdPkiFile implements Resource {
    /** Suffix of a staged certificate or key. */
    static final String NEXT = ".gardenos-next";
    /** The pairs a running member reads at each handshake, in pair order (certificate, then its key). */
    static final List<String> STAGED = List.of(EtcdHostPaths.MEMBER_CERT, EtcdHostPaths.MEMBER_KEY,
            EtcdHostPaths.PEER_CERT, EtcdHostPaths.PEER_KEY);

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

    /**
     * The live file's hash and stat, asked in the play's one round trip of probes (issue 13: without it each PKI file
     * cost a session, a staged pair's two). The staged name is asked only when the live file differs.
     */
    @Override
    public List<Probe> probes() {
        return List.of(Probe.command(FileProbe.command(path)));
    }

    @Override
    public Change check(Target t) {
        if (EtcdPki.existing(t.state()).isEmpty()) {
            return Change.of(ChangeAction.CREATE, path + " (from a new etcd CA in the state dir)");
        }
        if (!run.memberCurrent(t.state(), member)) {
            return Change.of(ChangeAction.CREATE, path + " (member certificate to issue for " + member.name() + ")");
        }
        return destination(t, EtcdPki.existing(t.state()).orElseThrow()).check(t);
    }

    @Override
    public void apply(Target t, Change change) {
        RemoteFile file = destination(t, run.pki(t.state()).orElseThrow());
        Change now = file.check(t);
        if (!now.isNone()) {
            file.apply(t, now);
        }
    }

    /** The live file, or its staged name when the live one exists with other content and is read by a member. */
    private RemoteFile destination(Target t, EtcdPki pki) {
        RemoteFile live = file(pki, path);
        if (STAGED.contains(path) && live.check(t).action() == ChangeAction.UPDATE) {
            return file(pki, path + NEXT);
        }
        return live;
    }

    private RemoteFile file(EtcdPki pki, String where) {
        return new RemoteFile(where, EtcdRun.read(source.apply(pki)), mode,
                EtcdHostPaths.USER + ":" + EtcdHostPaths.USER);
    }
}
