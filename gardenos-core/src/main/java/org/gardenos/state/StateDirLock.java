package org.gardenos.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.gardenos.error.GardenException;

/**
 * An exclusive lock on a state directory for one plan, apply or etcd operation: two runs on the same state dir
 * would interleave their writes to the same hosts. The lock is an OS file lock ({@link FileChannel#tryLock()}) on
 * {@code STATE/gardenos.lock}, so a crashed run never leaves it held (the kernel drops it with the process); the
 * file's text names the holder (PID, start time, what it runs) for the refusal message, and is emptied on release.
 * Not reentrant: one holder per JVM as well.
 */
public final class StateDirLock implements AutoCloseable {
    public static final String FILE = "gardenos.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StateDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or throws {@link GardenException} (exit 1) naming the holder.
     *
     * @param what what the holder runs, e.g. {@code apply etcd}; shown to the one refused
     */
    public static StateDirLock acquire(StateDir state, String what) {
        Path file = state.resolve(FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM: another run of the same process
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new GardenException("state directory " + state.root() + " is in use by another GardenOS run ("
                        + (holder.isEmpty() ? "holder unknown" : holder) + "); hint: wait until it has finished;"
                        + " two runs on one state dir would interleave their changes");
            }
            ProcessHandle self = ProcessHandle.current();
            String text = "pid " + self.pid() + ", started " + self.info().startInstant().orElse(Instant.now())
                    + ", running '" + what.replaceAll("[\\p{Cntrl}]", "?") + "'\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new StateDirLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new GardenException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Empties the holder text and releases the lock. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            // the lock goes with the channel below in any case
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
