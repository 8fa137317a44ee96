package org.gardenos.lb;

/**
 * One server line of HAProxy's stats: backend ({@code pxname}), server ({@code svname}), the raw {@code status}
 * and its reduced {@link #state()}, the last check's result ({@code check_status}, e.g. {@code L4OK},
 * {@code L4CON}) and seconds since the last state change ({@code lastchg}, -1 when absent).
 */
public record BackendServerStatus(String backend, String server, String status, ServerState state,
                                  String checkStatus, long secondsSinceChange) {
    /** HAProxy sends it traffic. Right after a (re)load servers are UP before the first check ran. */
    public boolean isUp() {
        return state == ServerState.UP;
    }

    /** The last health check passed ({@code L4OK}, {@code L6OK}, {@code L7OK}); false before the first check ({@code INI}). */
    public boolean lastCheckPassed() {
        return checkStatus.startsWith("L") && checkStatus.endsWith("OK");
    }

    /** Takes traffic and its health check confirms it. */
    public boolean healthy() {
        return isUp() && lastCheckPassed();
    }
}
