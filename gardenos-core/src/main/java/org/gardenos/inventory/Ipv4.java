package org.gardenos.inventory;

/**
 * Strict IPv4 literals: four decimal parts 0-255 without leading zeros ({@code 010} is octal to some tools and
 * decimal to others, so it is refused rather than guessed). Addresses are held as the 32 bits in an int.
 */
public final class Ipv4 {
    private Ipv4() {
    }

    public static int parse(String text) throws InvalidValueException {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidValueException(Problems.quote(text) + " is not an IPv4 address");
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidValueException(Problems.quote(text) + " is not an IPv4 address");
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                throw new InvalidValueException(Problems.quote(text)
                        + " is not an IPv4 address (leading zeros are ambiguous: write " + Problems.quote(canonical(parts)) + ")");
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                throw new InvalidValueException(Problems.quote(text) + " is not an IPv4 address");
            }
            bits = (bits << 8) | value;
        }
        return bits;
    }

    /** An address a host can have: not 0.0.0.0/8 ("this network"), multicast, reserved or broadcast. */
    public static int parseHostAddress(String text) throws InvalidValueException {
        int bits = parse(text);
        int first = bits >>> 24;
        if (first == 0 || first >= 224) {
            throw new InvalidValueException(Problems.quote(text) + " is not a host address ("
                    + (first == 0 ? "0.0.0.0/8 means 'this network'" : first < 240 ? "multicast" : "reserved or broadcast") + ")");
        }
        return bits;
    }

    public static String format(int bits) {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }

    private static String canonical(String[] parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (out.length() > 0) {
                out.append('.');
            }
            try {
                out.append(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                out.append(part);
            }
        }
        return out.toString();
    }
}
