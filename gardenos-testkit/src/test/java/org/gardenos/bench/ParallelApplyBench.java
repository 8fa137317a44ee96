package org.gardenos.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.gardenos.GardenOS;
import org.gardenos.base.BaseLayer;
import org.gardenos.engine.ApplyListener;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.PlanReport;
import org.gardenos.inventory.Inventory;
import org.gardenos.standin.StandInSections;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.TestHost;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.gardenos.remote.ssh.SshRemoteHostConnector;

/**
 * Wall-clock cost of the base layer on three real nspawn hosts over SSH: apply from drift with parallelism 3 vs 1,
 * a no-op re-run, and plan. Not a test (no assertions on time, not picked up by surefire): run it with
 * {@code bench/parallel-apply.sh}, see bench/README.md. Needs root like every testkit host.
 *
 * <p>"Cold" builds a new {@link GardenOS} (new SSH connections, as one CLI invocation would); "warm" reuses one
 * instance, whose connector keeps its connections between runs. Drift is made by removing what the base layer
 * writes (the sysctl and modules files and the /etc/hosts block) on every host before each drift round. Rounds of
 * parallelism 3 and 1 alternate, so a load spike from other work on the machine hits both about equally.
 */
public final class ParallelApplyBench {
    private static final String REVERT = "rm -f " + BaseLayer.SYSCTL_FILE + " " + BaseLayer.MODULES_FILE
            + " && sed -i '/^# BEGIN GARDENOS " + BaseLayer.HOSTS_MARKER + "$/,/^# END GARDENOS "
            + BaseLayer.HOSTS_MARKER + "$/d' /etc/hosts";

    private ParallelApplyBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> missing = DebianHosts.missingPrerequisites();
        if (!missing.isEmpty()) {
            System.err.println("parallel-apply bench: cannot start test hosts, missing: " + String.join(", ", missing));
            System.exit(2);
        }
        Path stateDir = Files.createTempDirectory("gardenos-bench");
        Map<String, List<Long>> timings = new LinkedHashMap<>();
        String loadBefore = loadAverage();
        try (DebianHosts hosts = DebianHosts.builder().count(3)
                .packages(BaseLayer.PACKAGES.toArray(String[]::new)).build().start()) {
            Inventory inventory = StandInSections.loader().load(hosts.inventoryFile("bench", "")).inventory();
            apply(inventory, stateDir, 3); // warm-up: JIT, page cache of the hosts' image
            for (int round = 0; round < rounds; round++) {
                for (int parallelism : new int[] {3, 1}) {
                    revert(hosts);
                    long t = time(() -> requireChanged(apply(inventory, stateDir, parallelism)));
                    timings.computeIfAbsent("apply from drift, parallelism " + parallelism + ", cold", k -> new ArrayList<>())
                            .add(t);
                }
                for (int parallelism : new int[] {3, 1}) {
                    timings.computeIfAbsent("no-op apply, parallelism " + parallelism + ", cold", k -> new ArrayList<>())
                            .add(time(() -> requireNoChange(apply(inventory, stateDir, parallelism))));
                }
                timings.computeIfAbsent("plan, parallelism 3, cold", k -> new ArrayList<>())
                        .add(time(() -> requireConverged(plan(inventory, stateDir))));
            }
            try (GardenOS warm = garden(inventory, stateDir, 3)) {
                warm.plan(BaseLayer.NAME); // connects
                for (int round = 0; round < rounds; round++) {
                    timings.computeIfAbsent("no-op apply, parallelism 3, warm", k -> new ArrayList<>())
                            .add(time(() -> requireNoChange(warm.apply(ApplyListener.NONE, BaseLayer.NAME))));
                    timings.computeIfAbsent("plan, parallelism 3, warm", k -> new ArrayList<>())
                            .add(time(() -> requireConverged(warm.plan(BaseLayer.NAME))));
                }
            }
        }
        System.out.printf("%nbase layer on 3 nspawn hosts, %d rounds, %d CPUs; /proc/loadavg before: %s, after: %s%n",
                rounds, Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
        System.out.println("| measurement | min ms | median ms | max ms |");
        System.out.println("|---|---:|---:|---:|");
        timings.forEach((name, ms) -> {
            List<Long> sorted = new ArrayList<>(ms);
            Collections.sort(sorted);
            System.out.printf("| %s | %d | %d | %d |%n", name, sorted.get(0), sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1));
        });
    }

    private static GardenOS garden(Inventory inventory, Path stateDir, int parallelism) {
        return GardenOS.builder().inventory(inventory).stateDir(stateDir)
                .connector(new SshRemoteHostConnector(inventory.ssh(), HostKeyPolicy.STRICT))
                .parallelism(parallelism).build();
    }

    private static ApplyReport apply(Inventory inventory, Path stateDir, int parallelism) {
        try (GardenOS garden = garden(inventory, stateDir, parallelism)) {
            return garden.apply(ApplyListener.NONE, BaseLayer.NAME);
        }
    }

    private static PlanReport plan(Inventory inventory, Path stateDir) {
        try (GardenOS garden = garden(inventory, stateDir, 3)) {
            return garden.plan(BaseLayer.NAME);
        }
    }

    private static void revert(DebianHosts hosts) {
        for (TestHost h : hosts.hosts()) {
            h.exec(REVERT).requireOk();
        }
    }

    private static long time(Supplier<?> work) {
        long start = System.nanoTime();
        work.get();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static ApplyReport requireChanged(ApplyReport report) {
        if (report.failed() != 0 || report.changed() != 3 * 3) {
            throw new IllegalStateException("expected 3 changes per host and no failure: " + report);
        }
        return report;
    }

    private static ApplyReport requireNoChange(ApplyReport report) {
        if (report.failed() != 0 || report.changed() != 0) {
            throw new IllegalStateException("expected a no-op run: " + report);
        }
        return report;
    }

    private static PlanReport requireConverged(PlanReport plan) {
        if (!plan.converged()) {
            throw new IllegalStateException("expected nothing to plan: " + plan);
        }
        return plan;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
