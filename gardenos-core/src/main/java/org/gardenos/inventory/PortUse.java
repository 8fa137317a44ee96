package org.gardenos.inventory;

/**
 * One port a host listens on, and the inventory key that decides it ({@code null} for a fixed port such as the
 * kubelet's). {@code what} names it in messages; for a key it is the key path itself, e.g. {@code etcd.clientPort}.
 */
public record PortUse(int port, KeyPath key, String what) {
    /** A port set by {@code key}, named by it. */
    public static PortUse of(int port, KeyPath key) {
        return new PortUse(port, key, key.toString());
    }
}
