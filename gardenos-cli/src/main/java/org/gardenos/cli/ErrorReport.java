package org.gardenos.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;
import org.gardenos.cli.command.ExitCode;

/**
 * What the user sees when a command throws, and the exit code: bad input prints its own lines (file, line, key,
 * hint) and exits 2; a GardenOS runtime failure prints one line and exits 1; anything unexpected prints one line and
 * exits 1, with the stack trace only under {@code -v}. Pure: the caller prints {@link #lines()}.
 */
public record ErrorReport(List<String> lines, int exitCode) {
    public ErrorReport {
        lines = List.copyOf(lines);
    }

    public static ErrorReport of(Throwable thrown, boolean verbose) {
        Throwable failure = unwrap(thrown);
        List<String> lines = new ArrayList<>();
        int code;
        if (failure instanceof InputException input) {
            lines.addAll(input.lines());
            code = ExitCode.BAD_INPUT;
        } else if (failure instanceof GardenException garden) {
            lines.add("error: " + messageOf(garden));
            code = ExitCode.FAILURE;
        } else if (failure instanceof UncheckedIOException io) {
            // I/O on the admin machine (state directory, local files): the message names the path
            lines.add("error: " + messageOf(io));
            code = ExitCode.FAILURE;
        } else {
            lines.add("error: unexpected " + failure.getClass().getName() + ": " + messageOf(failure)
                    + (verbose ? "" : " (run with -v for details)"));
            code = ExitCode.FAILURE;
        }
        if (verbose && !(failure instanceof InputException)) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().forEach(lines::add);
        }
        return new ErrorReport(lines, code);
    }

    /** Work done on other threads arrives wrapped: report what actually went wrong. */
    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String messageOf(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
    }

    public void printTo(PrintWriter err) {
        lines.forEach(err::println);
        err.flush();
    }
}
