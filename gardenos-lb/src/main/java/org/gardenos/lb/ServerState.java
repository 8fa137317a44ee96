package org.gardenos.lb;

/** What HAProxy's stats say about one backend server, reduced to what an operator acts on. */
public enum ServerState {
    /** Takes traffic ("UP", or "UP 1/3" while failing checks but not yet down). */
    UP,
    /** Takes no traffic ("DOWN", or "DOWN 1/2" while passing checks but not yet up). */
    DOWN,
    /** Put in maintenance by an operator ("MAINT", "DRAIN"). */
    MAINTENANCE,
    /** Health checks are off ("no check"): HAProxy sends traffic blindly. */
    UNCHECKED,
    /** A status this version of GardenOS does not know. */
    UNKNOWN;

    static ServerState fromStats(String status) {
        String s = status.strip();
        if (s.startsWith("UP") || s.equals("OPEN")) {
            return UP;
        }
        if (s.startsWith("DOWN") || s.equals("NOLB")) {
            return DOWN;
        }
        if (s.startsWith("MAINT") || s.startsWith("DRAIN")) {
            return MAINTENANCE;
        }
        if (s.equals("no check")) {
            return UNCHECKED;
        }
        return UNKNOWN;
    }
}
