package org.gardenos.remote.ssh;

import static org.gardenos.remote.ShellQuoting.quote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gardenos.remote.Probe;

/**
 * Several probes as one remote script (pure: building and parsing, no I/O). Each probe runs as its own
 * {@code sh -c} with empty stdin, as a single command would, its stdout and stderr caught in files of a private
 * temporary directory. After the last probe the script prints {@code GARDENOS-PROBES} and every probe's exit code
 * on one line, the sizes of the output files (one {@code wc -c} for all of them), then all outputs (one {@code cat}).
 * Lengths, not markers, delimit the outputs, so no output can be mistaken for a header.
 *
 * <p>Why one {@code wc} and one {@code cat} for all probes: the hosts pay a process for every command the script
 * runs (about 1 ms of CPU each on a Debian host), and counting and printing each probe's outputs on its own took
 * three processes per probe, more than most probes themselves (docs/performance.md, "30 hosts: the hosts' CPU").
 * The script now runs {@value #FIXED_COMMANDS} commands besides the probes' own.
 *
 * <p>Why a probe runs in a subshell, not its own {@code sh -c}: starting {@code sh} (exec, dynamic loading) cost
 * about 1 ms of the host's CPU per probe, 31 probes of a {@code plan base etcd lb} on an etcd and lb host, while a
 * subshell is a fork of the running shell (docs/performance.md, "hostcpu"). Its answer stays that of the single
 * call: the whole script is one line, so the shell's own messages say line 1 as {@code sh -c} does
 * ({@code sh: 1: cannot open ...}); the script's variables are unset in the subshell; stdin is empty; an
 * {@code exit} ends the subshell only; the EXIT trap is not inherited. A probe the line could not hold as it is (a
 * newline, or a {@code #} that may start a comment) runs as its own {@code sh -c}, and any newline makes every
 * probe do so. A probe that is no valid shell makes the script fail, and the caller then asks every probe on its
 * own ({@link SshRemoteHost#probeAll}).
 */
final class ProbeScript {
    /** The raw outcome of one probe of the script. */
    record Part(int exitCode, byte[] stdout, byte[] stderr) {
    }

    /** External commands the script runs whatever the number of probes: mktemp, wc, cat, rm. */
    static final int FIXED_COMMANDS = 4;

    /** Exit codes are 0-255; digits are bounded so that no host output can overflow the parsing. */
    private static final Pattern EXITS = Pattern.compile("GARDENOS-PROBES((?: \\d{1,3})*)");
    /** A line of {@code wc -c}: the size, then the file name (GNU wc pads the sizes to one width). */
    private static final Pattern SIZE = Pattern.compile(" *(\\d{1,18}) (\\S+)");

    private ProbeScript() {
    }

    /** The command a probe is, as the single call would send it (a read is {@link RemoteCommandLines#read}). */
    static String commandOf(Probe probe) {
        if (probe instanceof Probe.FileRead read) {
            return RemoteCommandLines.read(read.path());
        }
        return ((Probe.Command) probe).command();
    }

    static String script(List<Probe> probes) {
        if (probes.isEmpty()) {
            throw new IllegalArgumentException("a probe script needs at least one probe"); // wc would read stdin
        }
        boolean oneLine = probes.stream().map(ProbeScript::commandOf).noneMatch(c -> c.indexOf('\n') >= 0
                || c.indexOf('\r') >= 0);
        StringBuilder s = new StringBuilder("d=$(mktemp -d) || exit 1; trap 'rm -rf -- \"$d\"' EXIT; x=; ");
        StringBuilder files = new StringBuilder();
        for (int i = 0; i < probes.size(); i++) {
            String command = commandOf(probes.get(i));
            if (oneLine && !mayComment(command)) {
                s.append("( unset d x; ").append(command).append(" )");
            } else {
                s.append("sh -c ").append(quote(command));
            }
            s.append(" </dev/null >\"$d/").append(i).append("o\" 2>\"$d/").append(i).append("e\"; x=\"$x $?\"; ");
            files.append(' ').append(i).append("o ").append(i).append('e');
        }
        // in a subshell: the probes ran in the caller's directory, and rm must find $d even if it is relative
        return s.append("(cd \"$d\" && printf 'GARDENOS-PROBES%s\\n' \"$x\" && wc -c --").append(files)
                .append(" && cat --").append(files).append(")\n").toString();
    }

    /**
     * Whether a {@code #} in {@code command} may start a comment, which on the script's one line would swallow the
     * rest of it: a {@code #} at the start or after a blank or an operator character. Errs towards yes (also inside
     * quotes); {@code ${s#* }} and {@code $#} are no comments.
     */
    static boolean mayComment(String command) {
        for (int i = command.indexOf('#'); i >= 0; i = command.indexOf('#', i + 1)) {
            if (i == 0 || " \t;&|()<>'\"".indexOf(command.charAt(i - 1)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The parts in probe order, or empty when the output is not what {@link #script} prints for {@code count}. */
    static Optional<List<Part>> parse(byte[] output, int count) {
        int[] pos = {0};
        Matcher exits = EXITS.matcher(line(output, pos).orElse(""));
        if (!exits.matches()) {
            return Optional.empty();
        }
        String[] codes = exits.group(1).isEmpty() ? new String[0] : exits.group(1).substring(1).split(" ");
        if (codes.length != count) {
            return Optional.empty();
        }
        long[] sizes = new long[2 * count];
        long sum = 0;
        for (int i = 0; i < sizes.length; i++) {
            Matcher size = SIZE.matcher(line(output, pos).orElse(""));
            if (!size.matches() || !size.group(2).equals((i / 2) + (i % 2 == 0 ? "o" : "e"))) {
                return Optional.empty();
            }
            sizes[i] = Long.parseLong(size.group(1));
            if (sizes[i] > output.length) { // also keeps the sum from overflowing
                return Optional.empty();
            }
            sum += sizes[i];
        }
        // wc's total line (its word is translated in some locales): only the number is checked
        Matcher total = SIZE.matcher(line(output, pos).orElse(""));
        if (!total.matches() || Long.parseLong(total.group(1)) != sum) {
            return Optional.empty();
        }
        if (sum != output.length - pos[0]) {
            return Optional.empty();
        }
        List<Part> parts = new ArrayList<>(count);
        int at = pos[0];
        for (int i = 0; i < count; i++) {
            int outEnd = at + (int) sizes[2 * i];
            int errEnd = outEnd + (int) sizes[2 * i + 1];
            parts.add(new Part(Integer.parseInt(codes[i]), slice(output, at, outEnd), slice(output, outEnd, errEnd)));
            at = errEnd;
        }
        return Optional.of(parts);
    }

    /** The text of the line at {@code pos[0]} (ASCII), moving {@code pos[0]} past its newline; empty at the end. */
    private static Optional<String> line(byte[] bytes, int[] pos) {
        int eol = indexOf(bytes, (byte) '\n', pos[0]);
        if (eol < 0) {
            return Optional.empty();
        }
        String text = new String(bytes, pos[0], eol - pos[0], StandardCharsets.US_ASCII);
        pos[0] = eol + 1;
        return Optional.of(text);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(bytes, from, out, 0, out.length);
        return out;
    }
}
