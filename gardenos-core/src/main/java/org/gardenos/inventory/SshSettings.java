package org.gardenos.inventory;

import java.nio.file.Path;
import java.time.Duration;

/** Effective SSH settings shared by every host ({@code ssh:} section, defaults applied). */
public record SshSettings(String user, int port, Path privateKey, Path knownHosts,
                          Duration connectTimeout, Duration commandTimeout) {
    public boolean isRoot() {
        return "root".equals(user);
    }
}
