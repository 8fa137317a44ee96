package org.gardenos.postgres.backup;

import java.util.List;

/** A server's version (server_version_num, e.g. 150018, and the version() text), databases and roles. */
public record ServerState(int versionNum, String version, List<String> databases, List<String> roles) {
    public ServerState {
        databases = List.copyOf(databases);
        roles = List.copyOf(roles);
    }

    public int major() {
        return versionNum / 10000;
    }
}
