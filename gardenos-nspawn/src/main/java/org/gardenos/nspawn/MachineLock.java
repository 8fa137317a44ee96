package org.gardenos.nspawn;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A lock shared by every JVM on this machine (a {@code flock}-style lock on a file) and by every thread of this JVM
 * (Java file locks are per process, so threads also queue on an in-JVM lock first).
 */
final class MachineLock {
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private MachineLock() {
    }

    static <T> T with(Path lockFile, Supplier<T> action) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock jvmLock = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        jvmLock.lock();
        try {
            if (jvmLock.getHoldCount() > 1) {
                return action.get(); // re-entered by the thread that already holds the file lock
            }
            Files.createDirectories(key.getParent());
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    return action.get();
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new NspawnException("cannot lock " + key + ": " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }

    static void run(Path lockFile, Runnable action) {
        with(lockFile, () -> {
            action.run();
            return null;
        });
    }
}
