package org.gardenos.base;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.Probe;
import org.gardenos.remote.ShellQuoting;
import org.gardenos.resources.AptPackages;
import org.gardenos.resources.ContainerProbe;
import org.gardenos.resources.ProbeOutput;

/**
 * A synchronized clock: etcd's leases and elections, TLS certificate validity and K3s's tokens all depend on it. A
 * time daemon the host already has (chrony, ntpsec, ntp, openntpd) is kept and enabled; without one,
 * systemd-timesyncd is installed (installing it beside another one would make apt remove that one: they conflict
 * as time-daemon providers). The daemon is enabled and started.
 *
 * <p>In a container systemd skips systemd-timesyncd ({@code ConditionVirtualization=!container}: the clock is the
 * container host's). There the unit is enabled, its skipped start is a warning and counts as OK, so a second run
 * reports nothing.
 */
final class TimeSync implements Resource {
    /** Debian packages that provide time-daemon, in order of preference, with their units. */
    static final Map<String, String> DAEMONS = orderedDaemons();
    static final String DEFAULT = "systemd-timesyncd";

    private static Map<String, String> orderedDaemons() {
        Map<String, String> d = new java.util.LinkedHashMap<>();
        d.put("chrony", "chrony.service");
        d.put("ntpsec", "ntpsec.service");
        d.put("ntp", "ntp.service");
        d.put("openntpd", "openntpd.service");
        d.put(DEFAULT, "systemd-timesyncd.service");
        return java.util.Collections.unmodifiableMap(d);
    }

    private final AptPackages query = new AptPackages(List.copyOf(DAEMONS.keySet()));

    @Override
    public String name() {
        return "time-sync";
    }

    /**
     * The package query, and the unit state of the daemon base installs (systemd-timesyncd): which daemon is there is
     * only known from the query's answer, so a host with another daemon asks its unit's state on its own (issue 13:
     * declaring the five units' states would make every batch pay for four units that are not there).
     */
    @Override
    public List<Probe> probes() {
        return List.of(Probe.command(query.queryCommand()), Probe.command(stateCommand(DAEMONS.get(DEFAULT))));
    }

    @Override
    public Change check(Target target) {
        Optional<String> daemon = installedDaemon(target);
        if (daemon.isEmpty()) {
            return Change.of(ChangeAction.INSTALL, DEFAULT + " (no time daemon: etcd leases and TLS need a synchronized clock)");
        }
        String unit = DAEMONS.get(daemon.get());
        ProbeOutput state = state(target, unit);
        boolean enabled = state.getOrEmpty("UnitFileState").equals("enabled");
        boolean active = state.getOrEmpty("ActiveState").equals("active");
        boolean skipped = state.getOrEmpty("ConditionResult").equals("no") && ContainerProbe.isContainer(state);
        if (enabled && active) {
            return Change.none();
        }
        if (enabled && skipped) {
            target.warn(unit + " is enabled, but systemd does not run it in this container"
                    + " (ConditionVirtualization=!container): the container shares its host's clock");
            return Change.none();
        }
        return Change.of(enabled ? ChangeAction.START : ChangeAction.ENABLE_START, unit);
    }

    @Override
    public void apply(Target target, Change change) {
        Optional<String> daemon = installedDaemon(target);
        if (daemon.isEmpty()) {
            target.remote().exec(query.installCommand(List.of(DEFAULT))).requireOk();
        }
        String unit = DAEMONS.get(daemon.orElse(DEFAULT));
        target.remote().exec("systemctl enable --now " + ShellQuoting.quote(unit)).requireOk();
    }

    private Optional<String> installedDaemon(Target target) {
        CommandResult result = target.remote().exec(query.queryCommand());
        java.util.Set<String> installed = new java.util.HashSet<>();
        for (String line : result.stdout().split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 2 && fields[1].length() >= 2 && fields[1].charAt(1) == 'i') {
                installed.add(fields[0]);
            }
        }
        return DAEMONS.keySet().stream().filter(installed::contains).findFirst();
    }

    private static ProbeOutput state(Target target, String unit) {
        return ProbeOutput.parse(target.remote().exec(stateCommand(unit)).requireOk().stdout());
    }

    /**
     * The unit's file state (what {@code systemctl is-enabled} prints), active state (what {@code is-active} prints)
     * and condition result, as {@code Key=value} lines of one {@code systemctl show}: one process and one call to
     * systemd instead of three (about 4 ms of the host's CPU each; docs/performance.md, "30 hosts: the hosts' CPU").
     */
    static String stateCommand(String unit) {
        return "systemctl show -p UnitFileState -p ActiveState -p ConditionResult -- " + ShellQuoting.quote(unit)
                + " 2>/dev/null; " + ContainerProbe.SNIPPET;
    }
}
