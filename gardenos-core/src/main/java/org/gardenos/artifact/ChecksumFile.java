package org.gardenos.artifact;

import java.util.Locale;
import java.util.Optional;

/** Reads {@code sha256sum}-style files: {@code HEX  NAME} or {@code HEX *NAME}, one per line. */
public final class ChecksumFile {
    private ChecksumFile() {
    }

    public static Optional<String> find(String content, String fileName) {
        for (String line : content.split("\\R")) {
            String[] parts = line.strip().split("\\s+", 2);
            if (parts.length == 2 && parts[0].matches("[0-9a-fA-F]{64}")) {
                String name = parts[1].startsWith("*") ? parts[1].substring(1) : parts[1];
                if (name.equals(fileName) || name.endsWith("/" + fileName)) {
                    return Optional.of(parts[0].toLowerCase(Locale.ROOT));
                }
            }
        }
        return Optional.empty();
    }
}
