package org.gardenos.etcd;

import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;

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

    @Override
    public Change check(Target target) {
        var r = target.remote().exec("id -u " + EtcdHostPaths.USER + " >/dev/null 2>&1 && test -d "
                + EtcdHostPaths.PKI + " && stat -c '%a %U' " + dataDir);
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
        String u = EtcdHostPaths.USER;
        target.remote().exec("set -e; id -u " + u + " >/dev/null 2>&1 || useradd --system --home-dir " + dataDir
                + " --no-create-home --shell /usr/sbin/nologin " + u + "; install -d -m 0755 -o root -g root /etc/etcd "
                + EtcdHostPaths.PKI + "; install -d -m 0700 -o " + u + " -g " + u + " " + dataDir
                + "; chown " + u + ":" + u + " " + dataDir + "; chmod 0700 " + dataDir).requireOk();
    }
}
