package org.gardenos.etcd;

import org.gardenos.error.InputException;

/**
 * The inventory or the state directory does not allow an etcd operation (no etcd host, no etcd PKI where TLS is on,
 * a member name that is not an etcd host): bad input, found before anything is touched.
 */
public class EtcdAccessException extends InputException {
    public EtcdAccessException(String line) {
        super(line);
    }
}
