package org.gardenos.etcd;

import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.etcd.status.EtcdClusterStatus;

/** The layer's last step: every inventory etcd host is a healthy member; waits for it (bootstraps take seconds). */
final class EtcdClusterHealthy implements Resource {
    private final EtcdRun run;

    EtcdClusterHealthy(EtcdRun run) {
        this.run = run;
    }

    @Override
    public String name() {
        return "etcd:cluster-healthy";
    }

    @Override
    public Change check(Target t) {
        EtcdClusterStatus s = run.probe(t.state());
        if (done(s)) {
            return Change.none();
        }
        return Change.of(ChangeAction.WAIT, s.summary());
    }

    @Override
    public void apply(Target t, Change change) {
        run.await(t.state(), run.timeouts().clusterHealthy(), "all " + run.etcdHosts().size() + " members healthy",
                this::done);
    }

    private boolean done(EtcdClusterStatus s) {
        return s.verdict() == EtcdClusterStatus.Verdict.HEALTHY && s.memberCount() == run.etcdHosts().size();
    }
}
