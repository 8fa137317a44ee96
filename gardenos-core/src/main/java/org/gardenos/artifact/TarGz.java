package org.gardenos.artifact;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads regular files out of a {@code .tar.gz} (ustar and GNU long names), selected by their base name, so release
 * binaries are extracted on the admin machine and uploaded as plain files whose hashes can be compared.
 */
public final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {
    }

    /** Contents of the regular files whose base name is in {@code baseNames}; first match wins. */
    public static Map<String, byte[]> extract(Path tarGz, Set<String> baseNames) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(tarGz), 1 << 16))) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    break;
                }
                if (isZero(header)) {
                    break;
                }
                String name = longName != null ? longName : fullName(header);
                longName = null;
                long size = Long.parseLong(field(header, 124, 12).isEmpty() ? "0" : field(header, 124, 12), 8);
                char type = (char) header[156];
                byte[] data = null;
                boolean regular = type == '0' || type == '\0';
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (type == 'L' || (regular && baseNames.contains(base) && !out.containsKey(base))) {
                    data = readBytes(in, size);
                } else {
                    skip(in, size);
                }
                skip(in, (BLOCK - size % BLOCK) % BLOCK);
                if (type == 'L') {
                    longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
                } else if (data != null) {
                    out.put(base, data);
                }
            }
            return out;
        } catch (IOException | NumberFormatException e) {
            throw new ArtifactException("cannot read " + tarGz + " as a .tar.gz: " + e.getMessage(), e);
        }
    }

    private static String fullName(byte[] h) {
        String name = field(h, 0, 100);
        String magic = field(h, 257, 6);
        String prefix = magic.startsWith("ustar") ? field(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII).trim();
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] readBytes(InputStream in, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("entry too large: " + size);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream((int) size);
        byte[] chunk = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
            if (n < 0) {
                throw new EOFException("truncated tar entry");
            }
            buf.write(chunk, 0, n);
            left -= n;
        }
        return buf.toByteArray();
    }

    private static void skip(DataInputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("truncated tar");
                }
                s = 1;
            }
            left -= s;
        }
    }
}
