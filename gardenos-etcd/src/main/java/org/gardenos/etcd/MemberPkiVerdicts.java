package org.gardenos.etcd;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.gardenos.error.GardenException;
import org.gardenos.etcd.pki.EtcdPki;
import org.gardenos.state.StateDir;

/**
 * {@link EtcdPki#memberCurrent} of one run, asked once per content of the member's files: every PKI file check of a
 * member asks it (7 per member), and each answer verifies two certificates' keys and signatures (issue 13: about
 * 0.1 s of CPU of a no-op plan on 3 members). Keyed on the files' content, so a certificate issued during the run is
 * asked about again. Asked at once by two threads (the run's start, {@link EtcdRun#start}, and a check), the
 * verification runs once and the other waits for its answer. A verification that throws is not kept.
 */
final class MemberPkiVerdicts {
    private final Map<String, FutureTask<Boolean>> verdicts = new HashMap<>();
    private final AtomicInteger verifications = new AtomicInteger();

    boolean current(StateDir state, EtcdPki.Member member) {
        StringBuilder key = new StringBuilder(state.root() + " " + member);
        for (String f : List.of(EtcdPki.ROOT + "/ca.crt", EtcdPki.ROOT + "/ca.key",
                EtcdPki.ROOT + "/members/" + member.name() + ".crt", EtcdPki.ROOT + "/members/" + member.name() + ".key",
                EtcdPki.PEER_ROOT + "/ca.crt", EtcdPki.PEER_ROOT + "/ca.key",
                EtcdPki.PEER_ROOT + "/members/" + member.name() + ".crt",
                EtcdPki.PEER_ROOT + "/members/" + member.name() + ".key", EtcdPki.PEER_ROOT + "/trust-both.crt")) {
            key.append(' ').append(f).append('=').append(EtcdRun.sha256OrAbsent(state, f));
        }
        FutureTask<Boolean> task;
        boolean mine = false;
        synchronized (verdicts) {
            task = verdicts.get(key.toString());
            if (task == null) {
                task = new FutureTask<>(() -> {
                    verifications.incrementAndGet();
                    return EtcdPki.memberCurrent(state, member);
                });
                verdicts.put(key.toString(), task);
                mine = true;
            }
        }
        if (mine) {
            task.run();
        }
        try {
            return task.get();
        } catch (ExecutionException e) {
            synchronized (verdicts) {
                verdicts.remove(key.toString(), task);
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new GardenException("etcd: verifying " + member.name() + "'s certificates failed: " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GardenException("etcd: interrupted while verifying " + member.name() + "'s certificates", e);
        }
    }

    /** How many times {@link EtcdPki#memberCurrent} ran (a test's count). */
    int verifications() {
        return verifications.get();
    }
}
