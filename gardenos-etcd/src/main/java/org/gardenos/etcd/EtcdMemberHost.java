package org.gardenos.etcd;

import java.nio.charset.StandardCharsets;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.ShellQuoting;
import org.gardenos.state.StateDir;

/** The host-side steps operations share: stop, start, set the data aside, write the config. */
final class EtcdMemberHost {
    private EtcdMemberHost() {
    }

    static void stop(RemoteHost r) {
        r.exec("systemctl stop " + EtcdHostPaths.UNIT_NAME).requireOk();
    }

    static void startNoBlock(RemoteHost r) {
        r.exec("systemctl enable " + EtcdHostPaths.UNIT_NAME + " && systemctl start --no-block "
                + EtcdHostPaths.UNIT_NAME).requireOk();
    }

    /** Moves {@code DATA/member} to {@code DATA.member-TAG-EPOCH} (kept, never deleted, in case it is needed). */
    static void setDataAside(RemoteHost r, String dataDir, String tag) {
        r.exec("d=" + ShellQuoting.quote(dataDir) + "; if [ -d \"$d/member\" ]; then mv \"$d/member\" \"$d.member-"
                + tag + "-$(date +%s)\"; fi").requireOk();
    }

    /** Writes the config and the fingerprint of what the member now runs with (etcd's hash read on the host). */
    static void writeConfig(EtcdRun run, StateDir state, RemoteHost r, HostSpec h, EtcdMemberConfig.Initial initial) {
        writeConfig(run, state, r, h, run.memberConfig(h, initial).render());
    }

    /** Writes {@code config} and the fingerprint of what the member runs with once restarted on it. */
    static void writeConfig(EtcdRun run, StateDir state, RemoteHost r, HostSpec h, String config) {
        String sha = r.exec("sha256sum " + EtcdHostPaths.ETCD).requireOk().stdout().strip().split("\\s+")[0];
        if (sha.length() != 64) {
            throw new GardenException(h.name() + ": cannot hash " + EtcdHostPaths.ETCD + "; is the etcd layer applied?");
        }
        r.upload(EtcdHostPaths.CONFIG, config.getBytes(StandardCharsets.UTF_8), 0644, "root:root");
        r.upload(EtcdHostPaths.APPLIED, (run.fingerprint(state, h, config, sha) + "\n")
                .getBytes(StandardCharsets.UTF_8), 0644, "root:root");
    }

    /** The token in the host's config, or the cluster's default one. */
    static String token(EtcdRun run, RemoteHost r) {
        return r.read(EtcdHostPaths.CONFIG).map(b -> new String(b, StandardCharsets.UTF_8))
                .flatMap(EtcdMemberConfig::initialOf).map(EtcdMemberConfig.Initial::token).orElse(run.token());
    }
}
