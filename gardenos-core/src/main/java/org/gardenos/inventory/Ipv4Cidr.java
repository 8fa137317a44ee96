package org.gardenos.inventory;

/** An IPv4 network in CIDR form ({@code 10.43.0.0/16}), always canonical (no host bits set). */
public record Ipv4Cidr(int network, int prefix) {
    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32 || (network & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("not a canonical CIDR: " + Ipv4.format(network) + "/" + prefix);
        }
    }

    public static Ipv4Cidr parse(String text) throws InvalidValueException {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new InvalidValueException(Problems.quote(text) + " is not a CIDR (write it like '10.43.0.0/16')");
        }
        int address;
        try {
            address = Ipv4.parse(text.substring(0, slash));
        } catch (InvalidValueException e) {
            throw new InvalidValueException(Problems.quote(text) + " is not an IPv4 CIDR (the address part is invalid)");
        }
        String prefixText = text.substring(slash + 1);
        if (!prefixText.matches("[0-9]{1,2}") || Integer.parseInt(prefixText) > 32
                || (prefixText.length() > 1 && prefixText.charAt(0) == '0')) {
            throw new InvalidValueException(Problems.quote(text) + " is not an IPv4 CIDR (the prefix length must be 0 to 32)");
        }
        int prefix = Integer.parseInt(prefixText);
        int network = address & mask(prefix);
        if (network != address) {
            throw new InvalidValueException(Problems.quote(text) + " has host bits set (did you mean '"
                    + Ipv4.format(network) + "/" + prefix + "'?)");
        }
        return new Ipv4Cidr(network, prefix);
    }

    public boolean contains(int address) {
        return (address & mask(prefix)) == network;
    }

    public boolean overlaps(Ipv4Cidr other) {
        int shorter = Math.min(prefix, other.prefix);
        return (network & mask(shorter)) == (other.network & mask(shorter));
    }

    /** The last address of the network (the broadcast address for networks that have one). */
    public int last() {
        return network | ~mask(prefix);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefix;
    }
}
