package org.gardenos.base;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.gardenos.error.InputException;
import org.gardenos.engine.Layer;
import org.gardenos.engine.Play;
import org.gardenos.engine.Resource;
import org.gardenos.inventory.HostSpec;
import org.gardenos.inventory.Inventory;
import org.gardenos.resources.AptPackages;
import org.gardenos.resources.ManagedBlock;
import org.gardenos.resources.RemoteFile;

/**
 * Layer {@value #NAME}: what every later layer needs on a host, as k3s and Kubespray prepare nodes. Per host:
 * <ol>
 * <li>packages {@link #PACKAGES} present (installed only when missing): ca-certificates (TLS downloads and
 *     endpoints), curl (downloads, health checks), iproute2 ({@code ip}/{@code ss}, used by K3s and for
 *     diagnostics), kmod ({@code modprobe}), apparmor ({@code apparmor_parser}: containerd loads its default
 *     profile with it where the kernel has AppArmor, and fails to start containers without it);</li>
 * <li>a time daemon enabled and running ({@link TimeSync}: the one the host has, else systemd-timesyncd);</li>
 * <li>hostname = inventory name: {@code /etc/hostname} and the running kernel's;</li>
 * <li>a managed block in {@code /etc/hosts} with every inventory host (address, name), other lines kept;</li>
 * <li>kernel modules {@link #MODULES} in {@value #MODULES_FILE} and loaded;</li>
 * <li>sysctls {@link #SYSCTLS} in {@value #SYSCTL_FILE} and in effect;</li>
 * <li>swap entries commented out in {@code /etc/fstab} and swap off.</li>
 * </ol>
 * In a container (systemd-nspawn, LXC, ...) the runtime parts the kernel does not allow there (loading modules,
 * read-only sysctls, swapoff, sometimes the hostname) are skipped with a warning and count as OK, so a second
 * apply reports nothing changed; the persistent files are written all the same.
 */
public final class BaseLayer implements Layer {
    public static final String NAME = "base";
    public static final List<String> PACKAGES = List.of("ca-certificates", "curl", "iproute2", "kmod", "apparmor");
    public static final List<String> MODULES = List.of("overlay", "br_netfilter");
    public static final Map<String, String> SYSCTLS = orderedSysctls();
    public static final String SYSCTL_FILE = "/etc/sysctl.d/90-gardenos.conf";
    public static final String MODULES_FILE = "/etc/modules-load.d/gardenos.conf";
    public static final String HOSTS_FILE = "/etc/hosts";
    /** Marker of the /etc/hosts block: {@code # BEGIN GARDENOS cluster-hosts}. */
    public static final String HOSTS_MARKER = "cluster-hosts";

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    @Inject
    public BaseLayer() {
    }

    private static Map<String, String> orderedSysctls() {
        Map<String, String> sysctls = new LinkedHashMap<>();
        sysctls.put("net.ipv4.ip_forward", "1"); // pods reach other nodes and the outside through the host
        sysctls.put("net.bridge.bridge-nf-call-iptables", "1"); // bridged pod traffic must pass kube-proxy's rules
        sysctls.put("net.bridge.bridge-nf-call-ip6tables", "1");
        return java.util.Collections.unmodifiableMap(sysctls);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> dependsOn() {
        return Set.of();
    }

    /** One parallel play over every inventory host. Host names and addresses are checked before any work. */
    @Override
    public List<Play> plays(Inventory inventory) {
        for (HostSpec host : inventory.hosts()) {
            checkHost(inventory, host);
        }
        return List.of(new Play(NAME, inventory.hosts(), host -> resources(inventory, host), Play.Strategy.PARALLEL));
    }

    private static void checkHost(Inventory inventory, HostSpec host) {
        String where = inventory.file() == null ? "inventory" : inventory.file().toString();
        String name = host.name();
        boolean valid = name != null && name.length() <= 253
                && java.util.Arrays.stream(name.split("\\.", -1)).allMatch(l -> LABEL.matcher(l).matches());
        if (!valid) {
            throw new InputException(where + ": hosts[name=" + name + "]: '" + name + "' is not a valid hostname "
                    + "(lower-case letters, digits and '-', dot-separated labels of 1-63 characters); "
                    + "the base layer makes it the host's hostname");
        }
        if (host.address() == null || host.address().isBlank() || !host.address().matches("\\S+")) {
            throw new InputException(where + ": hosts[name=" + name + "].address: '" + host.address()
                    + "' cannot go into /etc/hosts (empty or contains spaces)");
        }
    }

    /** The resources of one host, in the order they are applied. */
    public List<Resource> resources(Inventory inventory, HostSpec host) {
        List<Resource> resources = new ArrayList<>();
        resources.add(new AptPackages(PACKAGES));
        resources.add(new TimeSync());
        resources.add(RemoteFile.text("/etc/hostname", host.name() + "\n", 0644, "root:root"));
        resources.add(new RuntimeHostname(host.name()));
        resources.add(new ManagedBlock(HOSTS_FILE, HOSTS_MARKER, hostsLines(inventory)));
        resources.add(RemoteFile.text(MODULES_FILE, modulesFile(), 0644, "root:root"));
        resources.add(new KernelModulesLoaded(MODULES));
        resources.add(RemoteFile.text(SYSCTL_FILE, sysctlFile(), 0644, "root:root"));
        resources.add(new RuntimeSysctls(SYSCTLS));
        resources.add(new FstabSwapCommented());
        resources.add(new SwapOff());
        return List.copyOf(resources);
    }

    /** {@code address name} for every inventory host, in inventory order. */
    static List<String> hostsLines(Inventory inventory) {
        return inventory.hosts().stream().map(h -> h.address() + " " + h.name()).toList();
    }

    static String modulesFile() {
        StringBuilder out = new StringBuilder("# Managed by GardenOS (base layer): overlay for container images, "
                + "br_netfilter for bridged pod traffic.\n");
        MODULES.forEach(m -> out.append(m).append('\n'));
        return out.toString();
    }

    static String sysctlFile() {
        StringBuilder out = new StringBuilder("# Managed by GardenOS (base layer): pod networking needs forwarding "
                + "and bridged traffic through iptables.\n");
        SYSCTLS.forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
        return out.toString();
    }
}
