package org.gardenos.base;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gardenos.resources.ContainerProbe;
import org.gardenos.standin.InMemoryHostStandIn;

/**
 * STAND-IN: scripts an {@link InMemoryHostStandIn} to answer the base layer's probes and changes the way a Debian
 * 12 host (or a container) would: kernel hostname, loaded modules, /proc/sys values and their writability, swap,
 * dpkg. Only for logic tests; the base layer on a real nspawn Debian host is the integration tests' job.
 */
final class SimulatedDebianHost {
    static final String TIME_SYNC_STATE = "systemctl show -p UnitFileState -p ActiveState -p ConditionResult -- ";
    static final String FULL_CAPS = "000001ffffffffff";
    static final String NO_SYS_ADMIN = "00000000a80425fb"; // Docker's default set: bit 21 off

    private static final Pattern SYSCTL_WRITE = Pattern.compile("^printf '%s\\\\n' '([^']*)' > /proc/sys/(\\S+)$");

    final InMemoryHostStandIn host;
    boolean container;
    String capEff = FULL_CAPS;
    boolean hostnameChangeRefused;
    String kernelHostname = "debian";
    final Set<String> modules = new HashSet<>();
    /** Compiled into the kernel: no /sys/module directory, listed in modules.builtin; modprobe does nothing. */
    final Set<String> builtinModules = new HashSet<>();
    /** Every module modprobe was asked for, in order. */
    final List<String> modprobes = new ArrayList<>();
    final Map<String, String> sysctls = new LinkedHashMap<>();
    final Set<String> writableSysctls = new HashSet<>();
    int swaps;
    final Set<String> installed = new HashSet<>(Set.of("ca-certificates", "curl"));
    final Set<String> enabledUnits = new HashSet<>();
    final Set<String> activeUnits = new HashSet<>();

    SimulatedDebianHost(InMemoryHostStandIn host) {
        this.host = host;
        host.put("/etc/hostname", "debian\n", 0644, "root:root");
        host.put("/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n::1\tlocalhost ip6-localhost ip6-loopback\n",
                0644, "root:root");
        host.put("/etc/fstab", "# <file system> <mount point> <type> <options> <dump> <pass>\n"
                + "UUID=1234 / ext4 errors=remount-ro 0 1\nUUID=5678 none swap sw 0 0\n", 0644, "root:root");
        sysctls.put("net.ipv4.ip_forward", "0");
        script();
    }

    /** A real (non-container) Debian host: everything writable, br_netfilter not loaded yet. */
    static SimulatedDebianHost realHost(InMemoryHostStandIn host) {
        SimulatedDebianHost sim = new SimulatedDebianHost(host);
        sim.writableSysctls.add("net.ipv4.ip_forward");
        sim.swaps = 1;
        return sim;
    }

    private String containerLine() {
        return "container=" + (container ? "yes" : "no") + "\n";
    }

    private void script() {
        host.on(RuntimeHostname.PROBE::equals, c -> host.result(c, 0, "hostname=" + kernelHostname + "\n"
                + containerLine() + "capeff=" + capEff + "\n", ""));
        host.on(c -> c.startsWith("hostname '"), c -> {
            boolean allowed = !hostnameChangeRefused && (!container || ContainerProbe.CAP_SYS_ADMIN >= 0
                    && new java.math.BigInteger(capEff, 16).testBit(ContainerProbe.CAP_SYS_ADMIN));
            if (!allowed) {
                return host.result(c, 1, "", "hostname: you must be root to change the host name");
            }
            kernelHostname = c.substring("hostname '".length(), c.length() - 1);
            return host.result(c, 0, "", "");
        });
        host.on(ContainerProbe.SNIPPET::equals, c -> host.result(c, 0, containerLine(), ""));
        host.on(c -> c.startsWith("b=\"/lib/modules/"), c -> {
            StringBuilder out = new StringBuilder();
            Matcher probed = Pattern.compile("/sys/module/(\\S+) ]").matcher(c);
            while (probed.find()) {
                String m = probed.group(1);
                out.append(m).append(modules.contains(m) ? "=loaded\n"
                        : builtinModules.contains(m) ? "=builtin\n" : "=missing\n");
            }
            return host.result(c, 0, out + containerLine(), "");
        });
        host.on(c -> c.startsWith("modprobe -a "), c -> {
            if (container) {
                return host.result(c, 1, "", "modprobe: FATAL: Module overlay not found in directory /lib/modules/6.1.0");
            }
            List<String> requested = Arrays.asList(c.substring("modprobe -a ".length()).split(" "));
            modprobes.addAll(requested);
            requested.stream().filter(m -> !builtinModules.contains(m)).forEach(modules::add);
            if (modules.contains("br_netfilter")) { // the bridge keys appear with the module
                sysctls.putIfAbsent("net.bridge.bridge-nf-call-iptables", "0");
                sysctls.putIfAbsent("net.bridge.bridge-nf-call-ip6tables", "0");
                writableSysctls.addAll(Set.of("net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables"));
            }
            return host.result(c, 0, "", "");
        });
        host.on(c -> c.contains("echo \"value:"), c -> {
            StringBuilder out = new StringBuilder();
            for (String key : BaseLayer.SYSCTLS.keySet()) {
                out.append("value:").append(key).append('=').append(sysctls.getOrDefault(key, "<missing>")).append('\n');
                if (sysctls.containsKey(key) && writableSysctls.contains(key)) {
                    out.append("writable:").append(key).append("=yes\n");
                }
            }
            return host.result(c, 0, out + containerLine(), "");
        });
        host.on(c -> SYSCTL_WRITE.matcher(c).matches(), c -> {
            Matcher m = SYSCTL_WRITE.matcher(c);
            m.matches();
            String key = m.group(2).replace('/', '.');
            if (!sysctls.containsKey(key)) {
                return host.result(c, 2, "", "sh: 1: cannot create /proc/sys/" + m.group(2) + ": Directory nonexistent");
            }
            if (!writableSysctls.contains(key)) {
                return host.result(c, 2, "", "sh: 1: cannot create /proc/sys/" + m.group(2) + ": Read-only file system");
            }
            sysctls.put(key, m.group(1));
            return host.result(c, 0, "", "");
        });
        host.on(SwapOff.PROBE::equals, c -> host.result(c, 0, "swaps=" + swaps + "\n" + containerLine(), ""));
        host.on("swapoff -a"::equals, c -> {
            if (container) {
                throw new AssertionError("swapoff must never run in a container: it would hit the container's host");
            }
            swaps = 0;
            return host.result(c, 0, "", "");
        });
        host.on(c -> c.startsWith("dpkg-query -W"), c -> {
            StringBuilder out = new StringBuilder();
            installed.forEach(p -> out.append(p).append(" ii \n"));
            return host.result(c, 1, out.toString(), "dpkg-query: no packages found matching kmod");
        });
        // systemd: in a container, systemd-timesyncd's ConditionVirtualization=!container skips its start
        host.on(c -> c.startsWith(TIME_SYNC_STATE), c -> {
            String unit = unquoted(c.substring(TIME_SYNC_STATE.length()).split(" ")[0]);
            // systemctl show prints the properties in its own order, not that of the -p options
            return host.result(c, 0, "ActiveState=" + (activeUnits.contains(unit) ? "active" : "inactive") + "\n"
                    + "UnitFileState=" + (enabledUnits.contains(unit) ? "enabled" : "disabled") + "\n"
                    + "ConditionResult=" + (container ? "no" : "yes") + "\n" + containerLine(), "");
        });
        host.on(c -> c.startsWith("systemctl enable --now "), c -> {
            String unit = unquoted(c.substring("systemctl enable --now ".length()));
            enabledUnits.add(unit);
            if (!container) {
                activeUnits.add(unit);
            }
            return host.result(c, 0, "", "");
        });
        host.on(c -> c.contains("apt-get install"), c -> {
            String list = c.substring(c.indexOf("--no-install-recommends ") + 24, c.indexOf(" ||"));
            installed.addAll(Arrays.asList(list.split(" ")));
            return host.result(c, 0, "", "");
        });
    }

    /** A unit name as TimeSync sends it: one single-quoted word (units carry no quote of their own). */
    private static String unquoted(String word) {
        if (word.length() < 2 || !word.startsWith("'") || !word.endsWith("'")) {
            throw new IllegalArgumentException("not a quoted unit name: " + word);
        }
        return word.substring(1, word.length() - 1);
    }
}
