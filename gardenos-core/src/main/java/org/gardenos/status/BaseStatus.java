package org.gardenos.status;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;

/**
 * The base layer's health: every host reachable over SSH (host key verified), its hostname the inventory name,
 * and systemd's own verdict. One command per host, all hosts at once (up to {@link #FAN_OUT}).
 */
public final class BaseStatus implements LayerStatus {
    /* line 1: hostname, line 2: systemd's verdict, line 3: the failed units that make it "degraded" */
    private static final String PROBE = "hostname; systemctl is-system-running 2>/dev/null || true; "
            + "systemctl list-units --state=failed --no-legend --plain 2>/dev/null | awk '{print $1}' | paste -sd, -";

    /**
     * Hosts asked at the same time: every host of an inventory up to this many (was 16, so 30 hosts took two waves
     * of SSH set-ups). Status is one read-only command per host whose time is network and the host's, so it fans
     * out wider than {@code --parallelism} (10), which bounds the work an apply does at once; pdsh fans out to 32
     * by default, ClusterShell to 64. The bound keeps threads and open connections finite on large inventories.
     */
    static final int FAN_OUT = 64;

    private final Inventory inventory;
    private final RemoteHostConnector connector;

    @Inject
    public BaseStatus(Inventory inventory, RemoteHostConnector connector) {
        this.inventory = inventory;
        this.connector = connector;
    }

    @Override
    public String layer() {
        return "base";
    }

    @Override
    public StatusReport probe() {
        List<HostSpec> hosts = inventory.hosts();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(hosts.size(), FAN_OUT)));
        try {
            List<CompletableFuture<StatusItem>> futures = new ArrayList<>();
            for (HostSpec host : hosts) {
                futures.add(CompletableFuture.supplyAsync(() -> probe(host), pool));
            }
            List<StatusItem> items = futures.stream().map(CompletableFuture::join).toList();
            long down = items.stream().filter(i -> i.health() != Health.HEALTHY).count();
            Health health = down == 0 ? Health.HEALTHY : down == items.size() ? Health.DOWN : Health.DEGRADED;
            return new StatusReport(layer(), health, (items.size() - down) + "/" + items.size() + " hosts healthy", items);
        } finally {
            pool.shutdownNow();
        }
    }

    private StatusItem probe(HostSpec host) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("address", host.address());
        try {
            RemoteHost remote = connector.connect(host);
            CommandResult result = remote.exec(PROBE);
            String[] lines = result.stdout().strip().split("\n");
            String hostname = lines.length > 0 ? lines[0].strip() : "";
            String systemd = lines.length > 1 ? lines[1].strip() : "unknown";
            fields.put("hostname", hostname);
            fields.put("systemd", systemd);
            String failed = lines.length > 2 ? lines[2].strip() : "";
            if (!failed.isEmpty()) {
                fields.put("failed units", failed);
            }
            Health health = !hostname.equals(host.name()) || !(systemd.equals("running") || systemd.equals("degraded"))
                    ? Health.DEGRADED : Health.HEALTHY;
            if (systemd.equals("degraded")) {
                // a failed unit somewhere on the host: reachable and usable, but not clean
                health = Health.DEGRADED;
            }
            return new StatusItem(host.name(), health, fields);
        } catch (RuntimeException e) {
            fields.put("error", e.getMessage());
            return new StatusItem(host.name(), Health.DOWN, fields);
        }
    }
}
