package org.gardenos.inventory;

/** A valid host entry and where it is written ({@code hosts[i]}), for rules that point at one host. */
public record PlacedHost(HostSpec spec, KeyPath path) {
    /** The address as a 32-bit number, for network rules. */
    public int addressBits() {
        try {
            return Ipv4.parse(spec.address());
        } catch (InvalidValueException e) {
            throw new IllegalStateException("a loaded host has a valid address: " + spec.address(), e);
        }
    }
}
