package org.gardenos.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads the {@code k3s:} section. The effective server API port is decided by {@link TopologyRules}. */
final class K3sSection {
    static final String DEFAULT_VERSION = "v1.31.4+k3s1";
    static final String DEFAULT_CLUSTER_CIDR = "172.21.0.0/16";
    static final String DEFAULT_SERVICE_CIDR = "10.43.0.0/16";
    static final String DEFAULT_CLUSTER_DNS = "10.43.0.10";
    static final List<String> DEFAULT_DISABLE = List.of("traefik");
    static final String DEFAULT_DOWNLOAD_BASE_URL = "https://github.com/k3s-io/k3s/releases/download";
    /** Packaged components K3s knows for {@code --disable} (K3s's DisableItems). */
    static final List<String> DISABLE_ITEMS = List.of("coredns", "servicelb", "traefik", "local-storage", "metrics-server", "runtimes");

    /** The section before the topology decides the API port; the parsed CIDRs feed the network rules. */
    record Parsed(String version, Ipv4Cidr clusterCidr, Ipv4Cidr serviceCidr, int clusterDns, boolean hybrid,
                  List<String> disable, OptionalInt explicitServerApiPort, Optional<String> sha256,
                  Optional<Path> artifact, String downloadBaseUrl) {

        K3sSettings settings(int serverApiPort) {
            return new K3sSettings(version, clusterCidr.toString(), serviceCidr.toString(), Ipv4.format(clusterDns),
                    hybrid, disable, serverApiPort, sha256, artifact, downloadBaseUrl);
        }
    }

    private K3sSection() {
    }

    static Parsed parse(Section k3s, LocalPaths paths) {
        String version = k3s.string("version", DEFAULT_VERSION, Formats::k3sVersion);
        Ipv4Cidr clusterCidr = k3s.string("clusterCidr", DEFAULT_CLUSTER_CIDR, Ipv4Cidr::parse);
        Ipv4Cidr serviceCidr = k3s.string("serviceCidr", DEFAULT_SERVICE_CIDR, Ipv4Cidr::parse);
        int clusterDns = k3s.string("clusterDns", DEFAULT_CLUSTER_DNS, Ipv4::parse);
        boolean hybrid = k3s.bool("hybrid", true);
        List<String> disable = disable(k3s);
        OptionalInt serverApiPort = k3s.port("serverApiPort");
        Optional<String> sha256 = k3s.string("sha256", Formats::sha256);
        Optional<Path> artifact = k3s.string("artifact", paths::existingFile);
        String downloadBaseUrl = k3s.string("downloadBaseUrl", DEFAULT_DOWNLOAD_BASE_URL, Formats::baseUrl);
        k3s.finish();
        Downloads.warnIfUnverifiedHttp(k3s, downloadBaseUrl, sha256, artifact);
        return new Parsed(version, clusterCidr, serviceCidr, clusterDns, hybrid, disable, serverApiPort,
                sha256, artifact, downloadBaseUrl);
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
}
