package org.gardenos.cli.command;

/** The CLI's exit codes. Scripts rely on them: they are part of the documented contract (docs/cli.md). */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** A runtime failure: a host, a command or the machine failed. */
    public static final int FAILURE = 1;
    /** Bad usage or bad input: unknown option, invalid inventory. Nothing was changed. */
    public static final int BAD_INPUT = 2;

    private ExitCode() {
    }
}
