package org.gardenos.etcd;

import java.nio.charset.StandardCharsets;
import org.gardenos.error.GardenException;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.ShellQuoting;
import org.gardenos.state.StateDir;

/** The host-side steps operations share: stop, start, set the data aside, write the config. */
final class EtcdMemberHost {
    /**
     * Moves the staged certificates and keys ({@link EtcdPkiFile#STAGED}) into place, a pair by two renames
     * microseconds apart in this one shell; prefixed to every command that starts or restarts the member, so the
     * member starts on the new pair and no other member's files change at that moment.
     */
    static final String PROMOTE_STAGED = "for f in " + ShellQuoting.quoteAll(EtcdPkiFile.STAGED) + "; do if [ -e"
            + " \"$f" + EtcdPkiFile.NEXT + "\" ]; then mv -f \"$f" + EtcdPkiFile.NEXT + "\" \"$f\" || exit 1; fi; done";

    private EtcdMemberHost() {
    }

    static void stop(RemoteHost r) {
        r.exec("systemctl stop " + EtcdHostPaths.UNIT_NAME).requireOk();
    }

    static void startNoBlock(RemoteHost r) {
        r.exec(startCommand("start")).requireOk();
    }

    /** Enables and starts or restarts ({@code verb}) the member without waiting, its staged files moved in first. */
    static String startCommand(String verb) {
        return PROMOTE_STAGED + " && systemctl enable " + EtcdHostPaths.UNIT_NAME + " && systemctl " + verb
                + " --no-block " + EtcdHostPaths.UNIT_NAME;
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
