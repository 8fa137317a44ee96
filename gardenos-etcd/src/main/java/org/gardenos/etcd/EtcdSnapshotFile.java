package org.gardenos.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.gardenos.error.GardenException;

/**
 * Checks a snapshot file as etcd wrote it: a bbolt database (page 0 carries the meta magic {@code 0xED0CDAED})
 * followed by the SHA-256 of the database bytes, which the server appends to every Maintenance.Snapshot stream and
 * which {@code etcdctl snapshot restore} checks. A truncated or corrupted download fails here, not at restore time.
 */
public record EtcdSnapshotFile(Path path, long size, String sha256) {
    private static final int BOLT_MAGIC = 0xED0CDAED;
    private static final int HASH_LEN = 32;

    public static EtcdSnapshotFile verify(Path file) {
        try {
            long size = Files.size(file);
            if (size < 4096 + HASH_LEN) {
                throw new GardenException("snapshot " + file + " is " + size + " bytes: too small to be an etcd "
                        + "snapshot");
            }
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                byte[] head = new byte[32];
                raf.readFully(head);
                // bbolt page header: id u64, flags u16, count u16, overflow u32 (16 bytes); meta: magic u32 first
                int magic = ByteBuffer.wrap(head, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                if (magic != BOLT_MAGIC) {
                    throw new GardenException("snapshot " + file + " is not a bbolt database (magic "
                            + Integer.toHexString(magic) + ")");
                }
                byte[] trailer = new byte[HASH_LEN];
                raf.seek(size - HASH_LEN);
                raf.readFully(trailer);
                byte[] actual = digest(file, size - HASH_LEN);
                if (!Arrays.equals(actual, trailer)) {
                    throw new GardenException("snapshot " + file + " fails its integrity hash (truncated or "
                            + "corrupted)");
                }
            }
            return new EtcdSnapshotFile(file, size, HexFormat.of().formatHex(digest(file, size)));
        } catch (IOException e) {
            throw new GardenException("cannot read snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] digest(Path file, long length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("short read");
                }
                md.update(buf, 0, n);
                left -= n;
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
