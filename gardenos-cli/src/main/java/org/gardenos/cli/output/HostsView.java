package org.gardenos.cli.output;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.SshSettings;

/**
 * {@code gardenos hosts}: the resolved inventory, one row per host with the SSH settings GardenOS will really use
 * (defaults applied, {@code ~} expanded). Roles are listed in a fixed order (etcd, server, agent, lb).
 */
public final class HostsView {
    private HostsView() {
    }

    public static String table(Inventory inventory) {
        Table table = new Table("NAME", "ADDRESS", "ROLES", "USER", "PORT", "KEY", "KNOWN_HOSTS");
        SshSettings ssh = inventory.ssh();
        for (HostSpec host : inventory.hosts()) {
            table.row(host.name(), host.address(), String.join(",", roles(host)), ssh.user(), ssh.port(),
                    ssh.privateKey(), ssh.knownHosts());
        }
        return table.render();
    }

    /** {@code {"cluster": C, "hosts": [{"name","address","roles","labels","ssh": {"user","port","privateKey","knownHosts"}}]}} */
    public static String json(Inventory inventory) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("cluster", inventory.cluster());
        doc.put("hosts", inventory.hosts().stream().map(h -> host(h, inventory.ssh())).toList());
        return Json.write(doc);
    }

    private static Map<String, Object> host(HostSpec host, SshSettings ssh) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("name", host.name());
        h.put("address", host.address());
        h.put("roles", roles(host));
        h.put("labels", new TreeMap<>(host.labels()));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("user", ssh.user());
        s.put("port", ssh.port());
        s.put("privateKey", String.valueOf(ssh.privateKey()));
        s.put("knownHosts", String.valueOf(ssh.knownHosts()));
        h.put("ssh", s);
        return h;
    }

    private static List<String> roles(HostSpec host) {
        return host.roles().stream().map(Role::name).toList();
    }
}
