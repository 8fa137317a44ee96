package org.gardenos.it;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gardenos.GardenOS;
import org.gardenos.base.BaseLayer;
import org.gardenos.engine.ApplyReport;
import org.gardenos.engine.HostRecap;
import org.gardenos.inventory.Inventory;
import org.gardenos.standin.StandInSections;
import org.gardenos.inventory.InventoryLoader;
import org.gardenos.inventory.LoadedInventory;
import org.gardenos.inventory.Role;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.TestHost;
import org.gardenos.remote.ssh.HostKeyPolicy;
import org.gardenos.remote.ssh.SshRemoteHostConnector;
import org.gardenos.testkit.Prerequisites;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the integration tests (and the benchmark) share: the ONE extra package list of their test hosts, and the
 * embedder's way in (testkit inventory file, {@link InventoryLoader}, {@link SshRemoteHostConnector},
 * {@link GardenOS}).
 *
 * <p>The test hosts have no route out (no apt mirror), so everything the base layer installs must already be in
 * the image, or {@code AptPackages} would try {@code apt-get install} and fail. {@link #PACKAGES} is the base
 * layer's own list. The testkit's default image already holds it, so passing it adds nothing today (same package
 * set, same cached image, built once per machine); it keeps these tests right if either list changes.
 */
final class IntegrationHosts {
    /** Debian packages added to the testkit base image for every integration test host. */
    static final List<String> PACKAGES = BaseLayer.PACKAGES;

    private IntegrationHosts() {
    }

    /**
     * Starts {@code count} hosts (node1..N) with {@link #PACKAGES}. Without root or the tools the calling test
     * (class, from {@code @BeforeAll}) is skipped, or fails under {@code CI=true}.
     */
    static DebianHosts start(int count) {
        List<String> missing = DebianHosts.missingPrerequisites();
        Prerequisites.require(missing.isEmpty(), "real Debian test hosts need: " + String.join(", ", missing));
        return DebianHosts.builder().count(count).packages(PACKAGES.toArray(String[]::new)).build().start();
    }

    /**
     * The hosts of one test class with their inventory (SSH user root), as a JUnit extension: started before the
     * class's first test (skipped, or failed under {@code CI=true}, as {@link #start}), closed after its last. Use as
     * {@code @RegisterExtension static final IntegrationHosts.Fleet fleet = IntegrationHosts.fleet(3);}.
     */
    static Fleet fleet(int count) {
        return new Fleet(count);
    }

    static final class Fleet implements BeforeAllCallback, AfterAllCallback {
        private final int count;
        private DebianHosts hosts;
        private Inventory inventory;

        private Fleet(int count) {
            this.count = count;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            hosts = start(count);
            inventory = IntegrationHosts.inventory(hosts, "root");
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (hosts != null) {
                hosts.close();
                hosts = null;
            }
        }

        DebianHosts hosts() {
            return hosts;
        }

        Inventory inventory() {
            return inventory;
        }
    }

    /** The testkit's generated inventory for every host (roles as the testkit defaults), loaded as a user would. */
    static Inventory inventory(DebianHosts hosts, String sshUser) {
        Map<String, List<Role>> roles = hosts.hosts().stream().collect(Collectors.toMap(TestHost::name,
                h -> h.name().equals(hosts.hosts().get(0).name()) ? List.of(Role.of("etcd"), Role.of("server"), Role.of("lb"))
                        : List.of(Role.of("etcd"), Role.of("server")), (a, b) -> a, java.util.LinkedHashMap::new));
        Path file = hosts.inventoryFile("it", "", roles, sshUser);
        LoadedInventory loaded = StandInSections.loader().load(file);
        return loaded.inventory();
    }

    /** GardenOS with the base layer over real SSH, host keys checked against the testkit's known_hosts. */
    static GardenOS garden(Inventory inventory, Path stateDir, HostKeyPolicy policy, int parallelism) {
        return GardenOS.builder()
                .inventory(inventory)
                .stateDir(stateDir)
                .connector(new SshRemoteHostConnector(inventory.ssh(), policy))
                .parallelism(parallelism)
                .build();
    }

    static HostRecap recap(ApplyReport report, String host) {
        return report.hosts().stream().filter(h -> h.name().equals(host)).findFirst()
                .orElseThrow(() -> new AssertionError("no recap for " + host + " in " + report.hosts()));
    }

    /** The OpenSSH SHA256 fingerprint ({@code SHA256:...}, unpadded base64) of {@code ssh-ed25519 AAAA...}. */
    static String fingerprint(String publicKeyLine) throws Exception {
        byte[] blob = Base64.getDecoder().decode(publicKeyLine.strip().split("\\s+")[1]);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(blob);
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    }

    /** {@code sha256sum} and full-precision mtime of a file, read inside the host without SSH. */
    static String hashAndMtime(TestHost host, String path) {
        return host.exec("sha256sum " + path + " && stat -c %y " + path).requireOk().stdout();
    }
}
