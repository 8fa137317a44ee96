package org.gardenos.etcd;

import static org.gardenos.remote.ShellQuoting.quote;

import java.util.List;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.remote.Probe;

/** The {@code etcd} system user, {@code /etc/etcd/pki} and the data dir (0700, owned by etcd). */
final class EtcdSystemSetup implements Resource {
    private final String dataDir;

    EtcdSystemSetup(String dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public String name() {
        return "etcd:user-and-dirs";
    }

    /** Asked in the play's one round trip of probes (see {@link Resource#probes}; issue 13). */
    @Override
    public List<Probe> probes() {
        return List.of(Probe.command(checkCommand()));
    }

    private String checkCommand() {
        return "id -u " + quote(EtcdHostPaths.USER) + " >/dev/null 2>&1 && test -d " + quote(EtcdHostPaths.PKI)
                + " && stat -c '%a %U' " + quote(dataDir);
    }

    @Override
    public Change check(Target target) {
        var r = target.remote().exec(checkCommand());
        if (!r.ok()) {
            return Change.of(ChangeAction.CREATE, "user " + EtcdHostPaths.USER + ", " + EtcdHostPaths.PKI + ", " + dataDir);
        }
        if (!r.stdout().strip().equals("700 " + EtcdHostPaths.USER)) {
            return Change.of(ChangeAction.UPDATE, dataDir + " is " + r.stdout().strip() + ", want 700 " + EtcdHostPaths.USER);
        }
        return Change.none();
    }

    @Override
    public void apply(Target target, Change change) {
        String u = quote(EtcdHostPaths.USER);
        String d = quote(dataDir);
        target.remote().exec("set -e; id -u " + u + " >/dev/null 2>&1 || useradd --system --home-dir " + d
                + " --no-create-home --shell /usr/sbin/nologin " + u + "; install -d -m 0755 -o root -g root /etc/etcd "
                + quote(EtcdHostPaths.PKI) + "; install -d -m 0700 -o " + u + " -g " + u + " " + d
                + "; chown " + u + ":" + u + " " + d + "; chmod 0700 " + d).requireOk();
    }
}
