package org.gardenos.cli.etcd;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gardenos.cli.output.Json;
import org.gardenos.cli.output.Table;
import org.gardenos.etcd.status.EtcdClusterStatus;
import org.gardenos.etcd.status.EtcdMemberHealth;

/**
 * The cluster as {@code restore} and {@code replace-member} leave it: a summary line and one row per member.
 * JSON: {@code {"verdict", "memberCount", "members": [{"endpoint","name","healthy","leader","version",
 * "dbSizeBytes","error"}]}} ({@code name} and {@code error} only when known).
 */
final class EtcdClusterView {
    private EtcdClusterView() {
    }

    static String table(EtcdClusterStatus status) {
        Table table = new Table("ENDPOINT", "NAME", "HEALTHY", "LEADER", "VERSION", "DB_BYTES", "ERROR");
        for (EtcdMemberHealth m : status.members()) {
            table.row(m.endpoint(), m.name().orElse(null), m.healthy() ? "yes" : "no", m.leader() ? "yes" : "no",
                    m.version(), m.dbSizeBytes(), m.error().orElse(null));
        }
        return "etcd " + status.summary() + "\n" + table.render();
    }

    static String json(EtcdClusterStatus status) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("verdict", status.verdict().name());
        doc.put("memberCount", status.memberCount());
        doc.put("members", status.members().stream().map(EtcdClusterView::member).toList());
        return Json.write(doc);
    }

    private static Map<String, Object> member(EtcdMemberHealth m) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("endpoint", m.endpoint());
        m.name().ifPresent(n -> doc.put("name", n));
        doc.put("healthy", m.healthy());
        doc.put("leader", m.leader());
        doc.put("version", m.version());
        doc.put("dbSizeBytes", m.dbSizeBytes());
        m.error().ifPresent(e -> doc.put("error", e));
        return doc;
    }
}
