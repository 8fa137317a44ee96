package org.gardenos.engine;

import org.gardenos.error.InputException;

/**
 * How a converge run is carried out. {@code parallelism} bounds how many hosts are worked on at the same time
 * (like Ansible's forks).
 */
public record RunOptions(int parallelism) {
    public static final int DEFAULT_PARALLELISM = 10;

    public RunOptions {
        if (parallelism < 1) {
            throw new InputException("parallelism must be at least 1, got " + parallelism);
        }
    }

    public static RunOptions defaults() {
        return new RunOptions(DEFAULT_PARALLELISM);
    }
}
