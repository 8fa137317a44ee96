package org.gardenos.etcd;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.error.GardenException;
import org.gardenos.remote.Probe;

/**
 * Refuses to replace a member's etcd by one more than one minor version away (issue 9 item 15): etcd supports
 * upgrades one minor version at a time (3.4 to 3.5 to 3.6, each with every member), and no downgrade across minor
 * versions. Runs first in the install play, so nothing is replaced on any host when the jump is refused; a plan
 * shows the same refusal. Reads the installed binary's own answer ({@code etcd --version}).
 */
final class EtcdVersionStep implements Resource {
    private static final Pattern INSTALLED = Pattern.compile("(?m)^etcd Version: (\\d+)\\.(\\d+)\\.(\\d+)\\s*$");
    private static final Pattern WANTED = Pattern.compile("(\\d+)\\.(\\d+)\\.\\d+.*");

    private static final String VERSION_COMMAND = EtcdHostPaths.ETCD + " --version 2>/dev/null || true";

    private final String wanted;

    EtcdVersionStep(String wanted) {
        this.wanted = wanted;
    }

    @Override
    public String name() {
        return "etcd:version-step";
    }

    /** Asked in the play's one round trip of probes (see {@link Resource#probes}). */
    @Override
    public List<Probe> probes() {
        return List.of(Probe.command(VERSION_COMMAND));
    }

    @Override
    public Change check(Target t) {
        String out = t.remote().exec(VERSION_COMMAND).stdout();
        Matcher m = INSTALLED.matcher(out.length() > 4096 ? out.substring(0, 4096) : out);
        if (m.find()) {
            String installed = m.group(1) + "." + m.group(2) + "." + m.group(3);
            refusal(installed, wanted).ifPresent(r -> {
                throw new GardenException(t.host().name() + ": " + r);
            });
        }
        return Change.none();
    }

    @Override
    public void apply(Target t, Change change) {
        // check only: it never finds a change to make
    }

    /** Why going from {@code installed} to {@code wanted} is refused, with the supported path; empty when allowed. */
    static Optional<String> refusal(String installed, String wanted) {
        Matcher i = WANTED.matcher(installed);
        Matcher w = WANTED.matcher(wanted);
        if (!i.matches() || !w.matches()) {
            return Optional.empty();
        }
        int im = Integer.parseInt(i.group(1));
        int in = Integer.parseInt(i.group(2));
        int wm = Integer.parseInt(w.group(1));
        int wn = Integer.parseInt(w.group(2));
        if (im != wm) {
            return Optional.of("etcd " + installed + " is installed and etcd.version is " + wanted + ": GardenOS does "
                    + "not change etcd's major version; hint: keep etcd.version at " + im + "." + in + ".x");
        }
        if (wn > in + 1) {
            StringBuilder path = new StringBuilder(im + "." + in);
            for (int n = in + 1; n <= wn; n++) {
                path.append(" -> ").append(im).append('.').append(n);
            }
            return Optional.of("etcd " + installed + " is installed and etcd.version is " + wanted + ": etcd upgrades"
                    + " one minor version at a time (" + path + "), every member on each step; hint: apply with"
                    + " etcd.version " + im + "." + (in + 1) + ".x first, then the next");
        }
        if (wn < in) {
            return Optional.of("etcd " + installed + " is installed and etcd.version is " + wanted + ": etcd does not"
                    + " downgrade across minor versions this way; hint: keep etcd.version at " + im + "." + in
                    + ".x (or restore a snapshot into a new " + im + "." + wn + " cluster)");
        }
        return Optional.empty();
    }
}
