package org.gardenos.etcd.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gardenos.inventory.Downloads;
import org.gardenos.inventory.Formats;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.InvalidValueException;
import org.gardenos.inventory.InventorySection;
import org.gardenos.inventory.KeyPath;
import org.gardenos.inventory.LocalPaths;
import org.gardenos.inventory.PortUse;
import org.gardenos.inventory.Problems;
import org.gardenos.inventory.Role;
import org.gardenos.inventory.Section;
import org.gardenos.inventory.Topology;

/** The {@code etcd:} section and the {@code etcd} role: at least one member, an odd number preferred. */
public final class EtcdSection implements InventorySection<EtcdSettings> {
    public static final String KEY = "etcd";
    /** Hosts that run an etcd member. */
    public static final Role ROLE = Role.of("etcd");

    static final String DEFAULT_VERSION = "3.5.21";
    static final int DEFAULT_CLIENT_PORT = 2379;
    static final int DEFAULT_PEER_PORT = 2380;
    static final String DEFAULT_DATA_DIR = "/var/lib/etcd";
    static final String DEFAULT_DOWNLOAD_BASE_URL = "https://github.com/etcd-io/etcd/releases/download";

    private static final Pattern VERSION = Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)");
    private static final KeyPath HOSTS = KeyPath.ROOT.key("hosts");
    private static final KeyPath CLIENT_PORT = KeyPath.ROOT.key(KEY).key("clientPort");
    private static final KeyPath PEER_PORT = KeyPath.ROOT.key(KEY).key("peerPort");

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<EtcdSettings> type() {
        return EtcdSettings.class;
    }

    @Override
    public List<Role> roles() {
        return List.of(ROLE);
    }

    @Override
    public List<Role> requiredRoles() {
        return List.of(ROLE);
    }

    @Override
    public EtcdSettings parse(Section etcd, LocalPaths paths) {
        String version = etcd.string("version", DEFAULT_VERSION, EtcdSection::version);
        int clientPort = etcd.port("clientPort", DEFAULT_CLIENT_PORT);
        int peerPort = etcd.port("peerPort", DEFAULT_PEER_PORT);
        String dataDir = etcd.string("dataDir", DEFAULT_DATA_DIR, Formats::remoteDirectory);
        boolean tls = etcd.bool("tls", true);
        Optional<String> sha256 = etcd.string("sha256", Formats::sha256);
        Optional<Path> artifact = etcd.string("artifact", paths::existingFile);
        String downloadBaseUrl = etcd.string("downloadBaseUrl", DEFAULT_DOWNLOAD_BASE_URL, Formats::baseUrl);
        etcd.finish();
        Downloads.warnIfUnverifiedHttp(etcd, downloadBaseUrl, sha256, artifact);
        return new EtcdSettings(version, clientPort, peerPort, dataDir, tls, sha256, artifact, downloadBaseUrl);
    }

    @Override
    public List<PortUse> ports(HostSpec host, EtcdSettings etcd) {
        return host.has(ROLE) ? List.of(PortUse.of(etcd.clientPort(), CLIENT_PORT), PortUse.of(etcd.peerPort(), PEER_PORT))
                : List.of();
    }

    @Override
    public void check(EtcdSettings etcd, Topology topology) {
        if (!topology.allHostsRead()) {
            return;
        }
        int members = topology.hostsWith(ROLE).size();
        if (members > 0 && members % 2 == 0) {
            topology.problems().warn(HOSTS, members + " hosts have the role 'etcd': an even number of members tolerates no"
                    + " more failures than " + (members - 1) + " (prefer an odd number)");
        }
    }

    static String version(String value) throws InvalidValueException {
        Matcher m = VERSION.matcher(value);
        if (!m.matches()) {
            String hint = value.startsWith("v") && VERSION.matcher(value.substring(1)).matches()
                    ? " (write it without the 'v': " + Problems.quote(value.substring(1)) + ")"
                    : " (write it like '3.5.21')";
            throw new InvalidValueException(Problems.quote(value) + " is not an etcd version X.Y.Z" + hint);
        }
        if (!m.group(1).equals("3")) {
            throw new InvalidValueException(Problems.quote(value) + " is not an etcd 3.x version (K3s and Patroni use etcd's v3 API)");
        }
        return value;
    }
}
