package org.gardenos.k3s.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gardenos.inventory.Downloads;
import org.gardenos.inventory.Formats;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.InvalidValueException;
import org.gardenos.inventory.InventorySection;
import org.gardenos.inventory.Ipv4;
import org.gardenos.inventory.Ipv4Cidr;
import org.gardenos.inventory.KeyPath;
import org.gardenos.inventory.LocalPaths;
import org.gardenos.inventory.PortUse;
import org.gardenos.inventory.Problems;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.Section;
import org.gardenos.inventory.Topology;
import org.gardenos.inventory.YamlNode;
import org.gardenos.lb.settings.LoadBalancerSection;
import org.gardenos.lb.settings.LoadBalancerSettings;

/**
 * The {@code k3s:} section and the {@code server} and {@code agent} roles. The server API port is decided once the
 * hosts are known: {@value #SERVER_API_PORT}, or {@value #SERVER_API_PORT_BEHIND_LOCAL_LB} when a host is both lb and
 * server (HAProxy owns {@code loadBalancer.apiPort} there). Network rules live in {@link K3sNetworkRules}.
 */
public final class K3sSection implements InventorySection<K3sSettings> {
    public static final String KEY = "k3s";
    public static final Role SERVER = Role.of("server");
    public static final Role AGENT = Role.of("agent");

    static final String DEFAULT_VERSION = "v1.31.4+k3s1";
    static final String DEFAULT_CLUSTER_CIDR = "172.21.0.0/16";
    static final String DEFAULT_SERVICE_CIDR = "10.43.0.0/16";
    static final String DEFAULT_CLUSTER_DNS = "10.43.0.10";
    static final List<String> DEFAULT_DISABLE = List.of("traefik");
    static final String DEFAULT_DOWNLOAD_BASE_URL = "https://github.com/k3s-io/k3s/releases/download";
    /** Packaged components K3s knows for {@code --disable} (K3s's DisableItems). */
    static final List<String> DISABLE_ITEMS = List.of("coredns", "servicelb", "traefik", "local-storage", "metrics-server", "runtimes");
    static final int SERVER_API_PORT = 6443;
    static final int SERVER_API_PORT_BEHIND_LOCAL_LB = 7443;
    static final int KUBELET_PORT = 10250;

    static final KeyPath K3S = KeyPath.ROOT.key(KEY);
    static final KeyPath SERVER_API = K3S.key("serverApiPort");

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<K3sSettings> type() {
        return K3sSettings.class;
    }

    @Override
    public List<Role> roles() {
        return List.of(SERVER, AGENT);
    }

    @Override
    public List<Role> requiredRoles() {
        return List.of(SERVER);
    }

    @Override
    public Optional<String> refuseRoles(Set<Role> roles) {
        return roles.contains(SERVER) && roles.contains(AGENT)
                ? Optional.of("a host is either a K3s server or a K3s agent, not both"
                        + " (servers run workloads too when k3s.hybrid is true)")
                : Optional.empty();
    }

    @Override
    public Set<String> reads() {
        return Set.of(LoadBalancerSection.KEY);
    }

    /** Until {@link #resolve}, an absent or invalid serverApiPort reads as {@value #SERVER_API_PORT}. */
    @Override
    public K3sSettings parse(Section k3s, LocalPaths paths) {
        String version = k3s.string("version", DEFAULT_VERSION, K3sSection::version);
        Ipv4Cidr clusterCidr = k3s.string("clusterCidr", DEFAULT_CLUSTER_CIDR, Ipv4Cidr::parse);
        Ipv4Cidr serviceCidr = k3s.string("serviceCidr", DEFAULT_SERVICE_CIDR, Ipv4Cidr::parse);
        // unset, K3s takes the 10th address of the service network (10.43.0.10 for 10.43.0.0/16): so do we
        int clusterDns = k3s.string("clusterDns", Ipv4::parse).orElse(serviceCidr.network() + 10);
        boolean hybrid = k3s.bool("hybrid", true);
        List<String> disable = disable(k3s);
        int serverApiPort = k3s.port("serverApiPort", SERVER_API_PORT);
        Optional<String> sha256 = k3s.string("sha256", Formats::sha256);
        Optional<Path> artifact = k3s.string("artifact", paths::existingFile);
        String downloadBaseUrl = k3s.string("downloadBaseUrl", DEFAULT_DOWNLOAD_BASE_URL, Formats::baseUrl);
        K3sImages images = images(k3s, paths);
        k3s.finish();
        Downloads.warnIfUnverifiedHttp(k3s, downloadBaseUrl, sha256, artifact);
        return new K3sSettings(version, clusterCidr.toString(), serviceCidr.toString(), Ipv4.format(clusterDns), hybrid,
                disable, serverApiPort, sha256, artifact, downloadBaseUrl, images);
    }

    /** Air-gap image tarball (with its checksum, always) and the local-path-provisioner's images. */
    private static K3sImages images(Section k3s, LocalPaths paths) {
        Optional<Path> tarball = k3s.string("airgapImages", text -> airgapTarball(paths.existingFile(text)));
        Optional<String> sha256 = k3s.string("airgapImagesSha256", Formats::sha256);
        if (tarball.isPresent() && sha256.isEmpty()) {
            k3s.problems().error(k3s.pathOf("airgapImages"), "needs " + k3s.pathOf("airgapImagesSha256") + " (the"
                    + " tarball's SHA-256, from the release's sha256sum-amd64.txt): an image tarball is never installed"
                    + " unverified");
        }
        String provisioner = k3s.string("localPathProvisionerImage", K3sImages.DEFAULT_PROVISIONER, K3sSection::image);
        String helper = k3s.string("localPathHelperImage", K3sImages.DEFAULT_HELPER, K3sSection::image);
        return new K3sImages(tarball, sha256, provisioner, helper);
    }

    static Path airgapTarball(Path file) throws InvalidValueException {
        String name = file.getFileName().toString();
        if (!name.matches("[A-Za-z0-9._-]+\\.(tar|tar\\.zst|tar\\.gz)")) {
            throw new InvalidValueException(Problems.quote(name) + " is not an image tarball K3s imports (.tar,"
                    + " .tar.zst or .tar.gz, e.g. k3s-airgap-images-amd64.tar.zst)");
        }
        return file;
    }

    static String image(String value) throws InvalidValueException {
        if (!value.matches("[A-Za-z0-9][A-Za-z0-9._/:@-]*")) {
            throw new InvalidValueException(Problems.quote(value) + " is not an image reference"
                    + " ([registry/]name[:tag][@digest], characters A-Za-z0-9._/:@-)");
        }
        return value;
    }

    /**
     * K3s servers listen on 6443 unless a host is both lb and server: HAProxy owns loadBalancer.apiPort there, so the
     * servers move to 7443. An explicit port equal to loadBalancer.apiPort on such a host would never start.
     */
    @Override
    public K3sSettings resolve(K3sSettings k3s, Topology topology) {
        Problems problems = topology.problems();
        topology.portPairJudged(SERVER_API, LoadBalancerSection.API_PORT);
        List<String> lbServers = topology.hosts().stream()
                .filter(h -> h.spec().has(LoadBalancerSection.ROLE) && h.spec().has(SERVER))
                .map(h -> h.spec().name())
                .toList();
        boolean explicit = problems.isWritten(SERVER_API) && !problems.failed(SERVER_API);
        if (!explicit) {
            return k3s.withServerApiPort(lbServers.isEmpty() ? SERVER_API_PORT : SERVER_API_PORT_BEHIND_LOCAL_LB);
        }
        int port = k3s.serverApiPort();
        Optional<LoadBalancerSettings> lb = topology.settings(LoadBalancerSettings.class);
        if (!lbServers.isEmpty() && lb.isPresent() && port == lb.get().apiPort()
                && !problems.failed(LoadBalancerSection.API_PORT)) {
            problems.error(SERVER_API, "port " + port + " is loadBalancer.apiPort, which HAProxy owns on "
                    + String.join(", ", lbServers) + " (lb and server); leave k3s.serverApiPort out (it then defaults to "
                    + SERVER_API_PORT_BEHIND_LOCAL_LB + ") or pick another port");
        }
        return k3s;
    }

    @Override
    public List<PortUse> ports(HostSpec host, K3sSettings k3s) {
        List<PortUse> uses = new ArrayList<>();
        if (host.has(SERVER)) {
            uses.add(PortUse.of(k3s.serverApiPort(), SERVER_API));
            // K3s serves its own listener on the API port and moves the embedded kube-apiserver to the next one
            uses.add(new PortUse(k3s.serverApiPort() + 1, SERVER_API,
                    "K3s's internal kube-apiserver port (k3s.serverApiPort + 1)"));
        }
        if (host.has(SERVER) || host.has(AGENT)) {
            uses.add(new PortUse(KUBELET_PORT, null, "the kubelet's port " + KUBELET_PORT));
        }
        return uses;
    }

    @Override
    public void check(K3sSettings k3s, Topology topology) {
        if (k3s.serverApiPort() == 65535 && !topology.hostsWith(SERVER).isEmpty()) {
            topology.problems().error(SERVER_API,
                    "port 65535 leaves no port for K3s's internal kube-apiserver (k3s.serverApiPort + 1)");
        }
        K3sNetworkRules.check(k3s, topology);
    }

    private static List<String> disable(Section k3s) {
        Optional<List<YamlNode>> items = k3s.list("disable");
        if (items.isEmpty()) {
            return DEFAULT_DISABLE;
        }
        List<String> disable = new ArrayList<>();
        for (YamlNode item : items.get()) {
            k3s.string(item).ifPresent(text -> {
                if (!DISABLE_ITEMS.contains(text)) {
                    String hint = Section.closest(text, DISABLE_ITEMS).map(s -> "did you mean " + Problems.quote(s) + "? ").orElse("");
                    k3s.problems().error(item.path(), Problems.quote(text) + " is not a K3s packaged component (" + hint
                            + "K3s can disable " + String.join(", ", DISABLE_ITEMS) + ")");
                } else if (disable.contains(text)) {
                    k3s.problems().error(item.path(), Problems.quote(text) + " is listed twice");
                } else {
                    disable.add(text);
                }
            });
        }
        return disable;
    }

    static String version(String value) throws InvalidValueException {
        if (!K3sVersions.K3S.matcher(value).matches()) {
            String hint;
            if (K3sVersions.K3S.matcher("v" + value).matches()) {
                hint = " (did you mean " + Problems.quote("v" + value) + "?)";
            } else if (K3sVersions.PLAIN.matcher(value.startsWith("v") ? value.substring(1) : value).matches()) {
                hint = " (K3s releases carry a '+k3sN' suffix, e.g. " + Problems.quote((value.startsWith("v") ? value : "v" + value) + "+k3s1") + ")";
            } else {
                hint = " (write it like 'v1.31.4+k3s1')";
            }
            throw new InvalidValueException(Problems.quote(value) + " is not a K3s version vX.Y.Z+k3sN" + hint);
        }
        return value;
    }

    /** Version patterns, kept apart so the section's constants read first. */
    private static final class K3sVersions {
        static final java.util.regex.Pattern PLAIN =
                java.util.regex.Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)");
        static final java.util.regex.Pattern K3S =
                java.util.regex.Pattern.compile("v(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\+k3s[1-9][0-9]*");
    }
}
