package org.gardenos.cli.etcd;

import java.time.Duration;
import org.gardenos.error.InputException;

/** {@code --timeout SECONDS} of the etcd commands. */
final class TimeoutOption {
    private TimeoutOption() {
    }

    static Duration seconds(int seconds) {
        if (seconds < 1) {
            throw new InputException("--timeout: " + seconds + " is not a number of seconds; hint: give 1 or more");
        }
        return Duration.ofSeconds(seconds);
    }
}
