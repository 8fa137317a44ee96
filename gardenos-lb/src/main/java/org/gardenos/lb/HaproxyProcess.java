package org.gardenos.lb;

import java.util.Optional;

/**
 * The process part of haproxy.cfg's {@code global} section. {@link #DEBIAN} matches Debian's packaged service
 * (chroot, privilege drop to haproxy:haproxy, admin socket, syslog). A foreground variant lets tests run the real
 * binary unprivileged on loopback.
 */
public record HaproxyProcess(Optional<String> chroot, Optional<String> user, Optional<String> group,
                             Optional<String> adminSocket, boolean syslog) {
    public static final HaproxyProcess DEBIAN = new HaproxyProcess(Optional.of("/var/lib/haproxy"),
            Optional.of("haproxy"), Optional.of("haproxy"), Optional.of("/run/haproxy/admin.sock"), true);

    /** No chroot, no user switch, no syslog; an admin socket at {@code adminSocket}. */
    public static HaproxyProcess foreground(String adminSocket) {
        return new HaproxyProcess(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(adminSocket),
                false);
    }
}
