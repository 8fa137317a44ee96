package org.gardenos.etcd;

import org.gardenos.error.GardenException;

/** An etcd day-2 operation ({@link EtcdOperations}) failed at run time: the message names the operation and why. */
public class EtcdOperationException extends GardenException {
    public EtcdOperationException(String message) {
        super(message);
    }

    public EtcdOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
