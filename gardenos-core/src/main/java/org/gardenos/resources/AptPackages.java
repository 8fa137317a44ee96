package org.gardenos.resources;

import org.gardenos.remote.Probe;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gardenos.engine.Change;
import org.gardenos.engine.ChangeAction;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteCommandException;

/**
 * Debian packages that must be installed. Check is one {@code dpkg-query -W}; apply installs only the missing
 * ones, non-interactively, and refreshes the package lists once only if the first attempt fails (fresh images
 * often have none). Versions are not managed: present is enough.
 */
public final class AptPackages implements Resource {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

    private final List<String> packages;

    public AptPackages(List<String> packages) {
        if (packages.isEmpty()) {
            throw new IllegalArgumentException("AptPackages needs at least one package");
        }
        for (String p : packages) {
            if (!NAME.matcher(p).matches()) {
                throw new IllegalArgumentException("not a Debian package name: " + p);
            }
        }
        this.packages = List.copyOf(packages);
    }

    public List<String> packages() {
        return packages;
    }

    @Override
    public String name() {
        return "apt:" + String.join(",", packages);
    }

    /** Lists the requested packages with their status; unknown ones are simply absent from the output. */
    public String queryCommand() {
        return "dpkg-query -W -f='${Package} ${db:Status-Abbrev}\\n' " + String.join(" ", packages);
    }

    public String installCommand(List<String> missing) {
        String install = "apt-get install -y --no-install-recommends " + String.join(" ", missing);
        return "export DEBIAN_FRONTEND=noninteractive; " + install + " || { apt-get update && " + install + "; }";
    }

    @Override
    public List<Probe> probes() {
        return List.of(Probe.command(queryCommand()));
    }

    @Override
    public Change check(Target target) {
        List<String> missing = missing(target);
        return missing.isEmpty() ? Change.none() : Change.of(ChangeAction.INSTALL, String.join(" ", missing));
    }

    @Override
    public void apply(Target target, Change change) {
        List<String> missing = missing(target);
        if (!missing.isEmpty()) {
            target.remote().exec(installCommand(missing)).requireOk();
        }
    }

    private List<String> missing(Target target) {
        CommandResult result = target.remote().exec(queryCommand());
        if (result.exitCode() != 0 && result.exitCode() != 1) { // 1: some package is unknown to dpkg
            throw new RemoteCommandException(result);
        }
        Set<String> installed = installed(result.stdout());
        return packages.stream().filter(p -> !installed.contains(p)).toList();
    }

    /** Names whose status says installed ({@code ii}, {@code hi}: second letter {@code i}). */
    static Set<String> installed(String dpkgQueryOutput) {
        Set<String> installed = new HashSet<>();
        for (String line : dpkgQueryOutput.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 2 && fields[1].length() >= 2 && fields[1].charAt(1) == 'i') {
                installed.add(fields[0]);
            }
        }
        return installed;
    }
}
