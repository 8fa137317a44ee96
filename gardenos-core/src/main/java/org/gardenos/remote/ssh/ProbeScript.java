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
 * temporary directory; then the script prints a header {@code GARDENOS-PROBE <index> <exit> <out bytes> <err bytes>}
 * and the two outputs. Lengths, not markers, delimit the outputs, so no output can be mistaken for a header.
 */
final class ProbeScript {
    /** The raw outcome of one probe of the script. */
    record Part(int exitCode, byte[] stdout, byte[] stderr) {
    }

    private static final Pattern HEADER = Pattern.compile("GARDENOS-PROBE (\\d+) (\\d+) (\\d+) (\\d+)");

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
        StringBuilder s = new StringBuilder("d=$(mktemp -d) || exit 1; trap 'rm -rf -- \"$d\"' EXIT; ")
                .append("r() { printf 'GARDENOS-PROBE %s %s %s %s\\n' \"$2\" \"$1\" \"$(wc -c < \"$d/o\")\" ")
                .append("\"$(wc -c < \"$d/e\")\" && cat -- \"$d/o\" \"$d/e\"; }\n");
        for (int i = 0; i < probes.size(); i++) {
            s.append("sh -c ").append(quote(commandOf(probes.get(i))))
                    .append(" </dev/null >\"$d/o\" 2>\"$d/e\"; r $? ").append(i).append('\n');
        }
        return s.toString();
    }

    /** The parts in probe order, or empty when the output is not what {@link #script} prints for {@code count}. */
    static Optional<List<Part>> parse(byte[] output, int count) {
        List<Part> parts = new ArrayList<>(count);
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int eol = indexOf(output, (byte) '\n', pos);
            if (eol < 0) {
                return Optional.empty();
            }
            Matcher header = HEADER.matcher(new String(output, pos, eol - pos, StandardCharsets.US_ASCII));
            if (!header.matches() || Integer.parseInt(header.group(1)) != i) {
                return Optional.empty();
            }
            long outLength = Long.parseLong(header.group(3));
            long errLength = Long.parseLong(header.group(4));
            int start = eol + 1;
            if (outLength + errLength > output.length - start) {
                return Optional.empty();
            }
            int outEnd = start + (int) outLength;
            int errEnd = outEnd + (int) errLength;
            parts.add(new Part(Integer.parseInt(header.group(2)), slice(output, start, outEnd), slice(output, outEnd, errEnd)));
            pos = errEnd;
        }
        return pos == output.length ? Optional.of(parts) : Optional.empty();
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
