package org.gardenos.testkit.etcd;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gardenos.nspawn.EtcdReleaseTarball;
import org.gardenos.testkit.Prerequisites;

/**
 * Checks that the tools the etcd tests need exist here, through {@link Prerequisites}: a missing tool SKIPS the test
 * with the reason, except when {@code CI=true}, where it FAILS.
 */
public final class EtcdPrerequisites {
    public static final Path ETCD = EtcdReleaseTarball.DEBIAN_ETCD;
    public static final Path ETCDCTL = EtcdReleaseTarball.DEBIAN_ETCDCTL;

    private EtcdPrerequisites() {
    }

    /** Skips (or fails under CI) unless Debian's etcd-server and etcd-client binaries are installed. */
    public static void requireEtcd() {
        require(Files.isExecutable(ETCD), ETCD + " is missing (apt-get install etcd-server)");
        require(Files.isExecutable(ETCDCTL), ETCDCTL + " is missing (apt-get install etcd-client)");
    }

    /** Skips (or fails under CI) unless {@code tar}, {@code gzip} and {@code sha256sum} are installed. */
    public static void requireTar() {
        Prerequisites.requireCommands("tar", "gzip", "sha256sum");
    }

    static void require(boolean present, String reason) {
        Prerequisites.require(present, reason);
    }
}
