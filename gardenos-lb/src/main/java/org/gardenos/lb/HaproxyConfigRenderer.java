package org.gardenos.lb;

/** Pure rendering of {@link HaproxyConfig} to haproxy.cfg text; no I/O. */
final class HaproxyConfigRenderer {
    static final String FRONTEND = "k8s-api";
    static final String BACKEND = "k8s-api-servers";
    static final String STATS = "stats";
    static final String STATS_USERS = "gardenos-stats-users";

    private HaproxyConfigRenderer() {
    }

    static String render(HaproxyConfig c) {
        StringBuilder b = new StringBuilder(2048);
        b.append("# Managed by GardenOS (layer lb); the next converge replaces local edits.\n")
         .append("# Holds the stats password's SHA-512 crypt hash (not the password): keep it 0640 root:haproxy.\n\n");

        b.append("global\n");
        if (c.process().syslog()) {
            b.append("    log /dev/log local0\n")
             .append("    log /dev/log local1 notice\n");
        }
        c.process().chroot().ifPresent(d -> b.append("    chroot ").append(d).append('\n'));
        c.process().adminSocket().ifPresent(s -> b.append("    stats socket ").append(s)
                .append(" mode 660 level admin\n").append("    stats timeout 30s\n"));
        c.process().user().ifPresent(u -> b.append("    user ").append(u).append('\n'));
        c.process().group().ifPresent(g -> b.append("    group ").append(g).append('\n'));
        b.append('\n');

        b.append("defaults\n");
        b.append("    mode tcp\n");
        if (c.process().syslog()) {
            b.append("    log global\n")
             .append("    option tcplog\n")
             .append("    option dontlognull\n");
        }
        b.append("    timeout connect 5s\n")
         .append("    timeout client 30s\n")
         .append("    timeout server 30s\n")
         // watches, exec and port-forward streams stay open and idle far longer than 30 s
         .append("    timeout tunnel 1h\n")
         .append("    timeout check 5s\n\n");

        b.append("frontend ").append(FRONTEND).append('\n')
         .append("    bind ").append(c.bindAddress()).append(':').append(c.apiPort()).append('\n')
         .append("    default_backend ").append(BACKEND).append("\n\n");

        b.append("backend ").append(BACKEND).append('\n')
         .append("    balance roundrobin\n")
         // a connection refused by a dying server is retried on another one
         .append("    option redispatch\n")
         .append("    retries 2\n")
         // long-lived watches on a server marked DOWN are cut so clients reconnect through a healthy one
         .append("    default-server ").append(c.healthCheck().serverOptions())
         .append(" on-marked-down shutdown-sessions\n");
        for (ApiServerBackend s : c.servers()) {
            b.append("    server ").append(s.name()).append(' ').append(hostPort(s.address(), s.port())).append('\n');
        }
        b.append('\n');

        stats(b, c);
        return b.toString();
    }

    /** The stats page, on the lb host's own address, behind a userlist that holds only the password's hash. */
    private static void stats(StringBuilder b, HaproxyConfig c) {
        // a userlist keeps a crypt(3) hash; `stats auth` would need the password in clear text in this file
        b.append("userlist ").append(STATS_USERS).append('\n')
         .append("    user ").append(c.statsUser()).append(" password ").append(c.statsPasswordHash()).append("\n\n");

        b.append("listen ").append(STATS).append('\n')
         .append("    bind ").append(hostPort(c.statsBindAddress(), c.statsPort())).append('\n')
         .append("    mode http\n");
        if (c.process().syslog()) {
            // stats polling every few seconds would drown the log
            b.append("    option dontlog-normal\n");
        }
        b.append("    stats enable\n")
         .append("    stats uri ").append(HaproxyConfig.STATS_PATH).append('\n')
         .append("    stats refresh 10s\n")
         .append("    acl gardenos-stats-user http_auth(").append(STATS_USERS).append(")\n")
         .append("    stats http-request auth realm stats unless gardenos-stats-user\n");
    }

    private static String hostPort(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
