package org.gardenos.error;

import java.util.List;

/**
 * Bad input from the user (inventory, arguments, files): exit code 2 in the CLI. Each entry of {@link #lines()}
 * is one complete line for the user, e.g. {@code gardenos.yaml:7:14: hosts[1].address: '10.0.0.300' is not an IPv4 address}.
 */
public class InputException extends RuntimeException {
    private final List<String> lines;

    public InputException(List<String> lines) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
    }

    public InputException(String line) {
        this(List.of(line));
    }

    public List<String> lines() {
        return lines;
    }
}
