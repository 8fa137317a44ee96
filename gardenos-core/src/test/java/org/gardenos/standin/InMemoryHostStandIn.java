package org.gardenos.standin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteHost;
import org.gardenos.resources.FileProbe;

/**
 * STAND-IN for a real host, for engine, resource, layer and CLI logic tests of every module (shared through
 * gardenos-core's test-jar): files live in a map, and {@code exec} understands only what the resources need: the
 * file probe ({@code sha256sum} + {@code stat}) and {@code chmod && chown} are simulated on the map; anything else
 * must be scripted by the test with {@link #on} or {@link #failCommand}, or it answers exit 127 (or exit 0 after
 * {@link #succeedUnscripted()}). Every command and upload is recorded so tests can assert what was (not) done.
 * Real hosts are tested elsewhere.
 */
public final class InMemoryHostStandIn implements RemoteHost {
    /** A file of the stand-in. */
    public record StoredFile(byte[] content, int mode, String user, String group) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern PROBE = Pattern.compile("^f='([^']*)'; if \\[ -f .*");
    private static final Pattern TEST_E = Pattern.compile("^test -e '([^']*)'$");
    private static final Pattern GREP_QSF = Pattern.compile("^grep -qsF -e '([^']*)' '([^']*)'$");
    private static final Pattern CHMOD_CHOWN = Pattern.compile("^chmod ([0-7]{4}) '([^']*)' && chown (\\S+) '([^']*)'$");

    private record Handler(Predicate<String> matches, Function<String, CommandResult> answer) {
    }

    private final String name;
    private final String address;
    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> uploads = new CopyOnWriteArrayList<>();
    private final List<Handler> handlers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile boolean succeedUnscripted;

    public InMemoryHostStandIn(String name, String address) {
        this.name = name;
        this.address = address;
    }

    /** A host for pure unit tests: a documentation address, and every unscripted command answers exit 0. */
    public static InMemoryHostStandIn succeeding(String name) {
        return new InMemoryHostStandIn(name, "203.0.113.250").succeedUnscripted();
    }

    /** Commands neither scripted nor simulated answer exit 0 with no output instead of 127. */
    public InMemoryHostStandIn succeedUnscripted() {
        this.succeedUnscripted = true;
        return this;
    }

    /** Exactly {@code command} fails with {@code exitCode} and {@code stderr}. */
    public InMemoryHostStandIn failCommand(String command, int exitCode, String stderr) {
        return on(command::equals, c -> result(c, exitCode, "", stderr));
    }

    /** Scripts commands matching {@code matches}; later scripts win over earlier ones and over the built-ins. */
    public InMemoryHostStandIn on(Predicate<String> matches, Function<String, CommandResult> answer) {
        handlers.add(0, new Handler(matches, answer));
        return this;
    }

    /** A result of this host, for scripted answers. */
    public CommandResult result(String command, int exitCode, String stdout, String stderr) {
        return new CommandResult(name, command, exitCode, stdout, stderr);
    }

    public InMemoryHostStandIn put(String path, String content, int mode, String owner) {
        return put(path, content.getBytes(StandardCharsets.UTF_8), mode, owner);
    }

    public InMemoryHostStandIn put(String path, byte[] content, int mode, String owner) {
        String[] parts = owner.split(":", 2);
        files.put(path, new StoredFile(content.clone(), mode, parts[0], parts.length > 1 ? parts[1] : parts[0]));
        return this;
    }

    public Optional<StoredFile> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    /** The file's text, if the host has it. */
    public Optional<String> textIfPresent(String path) {
        return file(path).map(StoredFile::text);
    }

    public String text(String path) {
        return file(path).map(StoredFile::text).orElseThrow(() -> new AssertionError(name + ": no file " + path));
    }

    /** Every command run, in order. */
    public List<String> commands() {
        return new ArrayList<>(commands);
    }

    /** Every path uploaded, in order. */
    public List<String> uploads() {
        return new ArrayList<>(uploads);
    }

    /** Commands run that are not the read-only file probe: what a plan must never cause. */
    public List<String> nonProbeCommands() {
        return commands.stream().filter(c -> !PROBE.matcher(c).matches()).toList();
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public CommandResult exec(String command) {
        return exec(command, new byte[0]);
    }

    @Override
    public CommandResult exec(String command, byte[] stdin) {
        commands.add(command);
        for (Handler handler : handlers) {
            if (handler.matches().test(command)) {
                return handler.answer().apply(command);
            }
        }
        Matcher probe = PROBE.matcher(command);
        if (probe.matches() && command.equals(FileProbe.command(probe.group(1)))) {
            StoredFile f = files.get(probe.group(1));
            return f == null ? result(command, 0, "absent\n", "")
                    : result(command, 0, FileProbe.sha256Hex(f.content()) + "  -\nstat=" + Integer.toOctalString(f.mode())
                    + ":" + f.user() + ":" + f.group() + "\n", "");
        }
        if (command.startsWith("umask 077; mkdir -p /run/gardenos && if mkdir /run/gardenos/apply.lock")) {
            // the converger's apply lock (HostLocks): taken when free, else the holder line is answered
            Optional<StoredFile> holder = file("/run/gardenos/apply.lock/holder");
            if (holder.isPresent()) {
                return result(command, 0, "held\n" + holder.get().text(), "");
            }
            Matcher line = Pattern.compile("printf '%s\\\\n' '([^']*)'").matcher(command);
            put("/run/gardenos/apply.lock/holder", (line.find() ? line.group(1) : "?") + "\n", 0600, "root:root");
            return result(command, 0, "acquired\n", "");
        }
        if (command.startsWith("grep -qs -e 'run=") && command.contains("/run/gardenos/apply.lock")) {
            // released only where the holder still names the releasing run
            Matcher run = Pattern.compile("grep -qs -e '(run=[^']*)'").matcher(command);
            if (run.find() && textIfPresent("/run/gardenos/apply.lock/holder").orElse("").contains(run.group(1))) {
                files.remove("/run/gardenos/apply.lock/holder");
            }
            return result(command, 0, "", "");
        }
        if (command.equals("rm -rf /run/gardenos/apply.lock")) {
            files.remove("/run/gardenos/apply.lock/holder");
            return result(command, 0, "", "");
        }
        Matcher test = TEST_E.matcher(command);
        if (test.matches()) { // NewSecretGuard's question: does the host carry the file?
            return result(command, files.containsKey(test.group(1)) ? 0 : 1, "", "");
        }
        Matcher grep = GREP_QSF.matcher(command);
        if (grep.matches()) {
            StoredFile f = files.get(grep.group(2));
            boolean found = f != null && new String(f.content(), java.nio.charset.StandardCharsets.UTF_8)
                    .contains(grep.group(1));
            return result(command, found ? 0 : f == null ? 2 : 1, "", "");
        }
        Matcher chmod = CHMOD_CHOWN.matcher(command);
        if (chmod.matches() && chmod.group(2).equals(chmod.group(4)) && files.containsKey(chmod.group(2))) {
            StoredFile f = files.get(chmod.group(2));
            put(chmod.group(2), f.content(), Integer.parseInt(chmod.group(1), 8), chmod.group(3));
            return result(command, 0, "", "");
        }
        return succeedUnscripted ? result(command, 0, "", "")
                : result(command, 127, "", "stand-in does not simulate: " + command);
    }

    @Override
    public void upload(String path, byte[] content, int mode, String owner) {
        uploads.add(path);
        put(path, content, mode, owner);
    }

    @Override
    public Optional<byte[]> read(String path) {
        return file(path).map(f -> f.content().clone());
    }

    @Override
    public void close() {
        closed = true;
    }
}
