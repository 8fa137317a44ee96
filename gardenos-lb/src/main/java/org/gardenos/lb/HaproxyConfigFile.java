package org.gardenos.lb;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.gardenos.engine.ChangeAction;
import org.gardenos.error.GardenException;
import org.gardenos.engine.Change;
import org.gardenos.engine.Resource;
import org.gardenos.engine.Target;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.Probe;
import org.gardenos.remote.ShellQuoting;
import org.gardenos.resources.FileProbe;
import org.gardenos.resources.RemoteFile;

/**
 * {@code /etc/haproxy/haproxy.cfg}, 0640 root:haproxy (it holds the stats password). A new render never goes
 * straight into place: it is uploaded next to the live file, checked by the host's own {@code haproxy -c}, and
 * only then renamed over the old file and loaded with {@code systemctl reload} (a graceful reload: established
 * API connections keep running). A render HAProxy rejects is removed and the run fails with HAProxy's complaint;
 * the running proxy and its file stay as they were.
 */
public final class HaproxyConfigFile implements Resource {
    public static final String PATH = "/etc/haproxy/haproxy.cfg";
    static final String CANDIDATE = "/etc/haproxy/.haproxy.cfg.gardenos-candidate";
    static final int MODE = 0640;
    static final String OWNER = "root:haproxy";

    private final Function<Target, String> render;

    /** @param render the config for a host; called at check and apply time (the password lives in the state dir) */
    public HaproxyConfigFile(Function<Target, String> render) {
        this.render = render;
    }

    @Override
    public String name() {
        return "file:" + PATH;
    }

    private RemoteFile desired(Target target) {
        return new RemoteFile(PATH, render.apply(target).getBytes(StandardCharsets.UTF_8), MODE, OWNER);
    }

    /** The file probe of {@link #check}, asked in the play's one batch (issue 13: it was a session of its own). */
    @Override
    public List<Probe> probes() {
        return List.of(Probe.command(FileProbe.command(PATH)));
    }

    @Override
    public Change check(Target target) {
        return desired(target).compare(FileProbe.probe(target.remote(), PATH));
    }

    @Override
    public void apply(Target target, Change change) {
        RemoteFile file = desired(target);
        if (change.action() != ChangeAction.UPDATE && change.action() != ChangeAction.CREATE) {
            file.apply(target, change);  // only mode/owner drifted: nothing for HAProxy to re-read
            return;
        }
        target.remote().upload(CANDIDATE, file.content(), MODE, OWNER);
        CommandResult verdict = target.remote().exec("haproxy -c -f " + ShellQuoting.quote(CANDIDATE));
        if (!verdict.ok()) {
            target.remote().exec("rm -f " + ShellQuoting.quote(CANDIDATE));
            throw new GardenException(target.host().name() + ": haproxy rejected the new configuration; the running"
                    + " proxy keeps the old one: `haproxy -c -f " + CANDIDATE + "` exited " + verdict.exitCode() + ": "
                    + alerts(verdict.stdout() + "\n" + verdict.stderr()));
        }
        target.remote().exec("mv -f " + ShellQuoting.quote(CANDIDATE) + " " + ShellQuoting.quote(PATH)).requireOk();
        // reload only a running proxy; a stopped one is started by the service resource that follows
        target.remote().exec("if systemctl is-active --quiet haproxy; then systemctl reload haproxy; fi").requireOk();
    }

    /** HAProxy's [ALERT] lines (the reasons), joined on one line; everything it said when there are none. */
    static String alerts(String output) {
        List<String> alerts = output.lines().filter(l -> l.contains("[ALERT]"))
                .map(l -> l.replaceFirst("^\\[ALERT\\]\\s*\\(\\d+\\)\\s*:\\s*", "")).toList();
        List<String> lines = alerts.isEmpty() ? output.lines().filter(l -> !l.isBlank()).toList() : alerts;
        return String.join(" | ", lines);
    }
}
