package org.gardenos.k3s;

import org.gardenos.error.InputException;

/** The inventory does not allow a k3s operation ({@link K3sAccess}), e.g. no host with the role {@code server}. */
public class K3sAccessException extends InputException {
    public K3sAccessException(String line) {
        super(line);
    }
}
