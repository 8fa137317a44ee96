package org.gardenos.resources;

import java.util.regex.Pattern;

/** Argument checks shared by the resource kinds: these values end up in shell commands and file names. */
final class Checks {
    private static final Pattern OWNER = Pattern.compile("[a-z_][a-z0-9_-]*[$]?(:[a-z_][a-z0-9_-]*[$]?)?");

    private Checks() {
    }

    static String absolutePath(String path) {
        if (path == null || !path.startsWith("/") || path.endsWith("/") || path.contains("\n") || path.contains("\0")
                || path.contains("/../") || path.endsWith("/..")) {
            throw new IllegalArgumentException("not an absolute file path: " + path);
        }
        return path;
    }

    static String owner(String owner) {
        if (owner == null || !OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("owner must be 'user' or 'user:group', got: " + owner);
        }
        return owner;
    }

    static int mode(int mode) {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode must be between 0000 and 7777 (octal), got: "
                    + Integer.toOctalString(mode));
        }
        return mode;
    }
}
