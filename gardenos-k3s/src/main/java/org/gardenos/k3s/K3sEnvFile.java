package org.gardenos.k3s;

/**
 * {@code /etc/rancher/k3s/k3s.env}: the token as {@code K3S_TOKEN}, read by systemd ({@code EnvironmentFile=}).
 * Installed 0600 root: the only place on a host where GardenOS puts the token.
 */
public final class K3sEnvFile {
    public static final int MODE = 0600;

    private K3sEnvFile() {
    }

    public static String render(String token) {
        if (token.isEmpty() || !token.chars().allMatch(Character::isLetterOrDigit)) {
            // a newline or quote would let the value inject other variables into the unit's environment
            throw new IllegalArgumentException("the K3s token must be letters and digits only");
        }
        return "# Managed by GardenOS (layer k3s). Secret: keep mode 0600.\n"
                + "K3S_TOKEN=" + token + "\n";
    }
}
