package org.gardenos.postgres.lb;

import org.gardenos.postgres.model.ClusterContext;

/**
 * The haproxy.cfg fragment of the postgres route: two TCP {@code listen} sections, each with a server per Kubernetes
 * node on the Service's NodePort. Health: {@code GET /primary} (200 only on the leader) or {@code GET /replica}
 * (200 only on a running replica) on Patroni's REST API, reached through the same Service's REST NodePort, so a
 * server is up exactly when the Service leads to a member in that role. {@code on-marked-down shutdown-sessions}
 * cuts the clients of a demoted primary so they reconnect to the new one. Pure: the lb layer places it after its
 * {@code defaults} section.
 */
public final class PostgresHaproxyFragment {
    public static final String PRIMARY = "postgres-primary";
    public static final String REPLICA = "postgres-replica";

    private PostgresHaproxyFragment() {
    }

    public static String render(PostgresRoute route, String bindAddress) {
        StringBuilder b = new StringBuilder(1024);
        b.append("# PostgreSQL through the postgres layer's NodePort Services (rendered by gardenos-postgres)\n");
        listen(b, route, PRIMARY, bindAddress, route.primaryPort(), "/primary",
                route.nodePorts().primary(), route.nodePorts().primaryApi());
        b.append('\n');
        listen(b, route, REPLICA, bindAddress, route.replicaPort(), "/replica",
                route.nodePorts().replica(), route.nodePorts().replicaApi());
        return b.toString();
    }

    private static void listen(StringBuilder b, PostgresRoute route, String name, String bindAddress, int port,
                               String check, int nodePort, int apiNodePort) {
        b.append("listen ").append(name).append('\n')
         .append("    bind ").append(bindAddress).append(':').append(port).append('\n')
         .append("    mode tcp\n")
         .append("    balance roundrobin\n")
         // database sessions idle far longer than the 30 s the API frontend allows
         .append("    timeout client 1h\n")
         .append("    timeout server 1h\n")
         .append("    option tcpka\n")
         .append("    option httpchk GET ").append(check).append('\n')
         .append("    http-check expect status 200\n")
         .append("    default-server inter 3s fall 3 rise 2 on-marked-down shutdown-sessions\n");
        for (ClusterContext.Node node : route.nodes()) {
            b.append("    server ").append(node.name()).append(' ').append(node.address()).append(':').append(nodePort)
             .append(" check port ").append(apiNodePort).append('\n');
        }
    }
}
