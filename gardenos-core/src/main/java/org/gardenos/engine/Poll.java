package org.gardenos.engine;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.gardenos.error.GardenException;

/**
 * The waiting loop resources share (a cluster becoming healthy, an API becoming ready): probe, and while the value is
 * not good enough, sleep and probe again until a deadline. What "good" means and what the failure says stay with
 * the caller, which knows what to name.
 */
public final class Poll {
    private Poll() {
    }

    /**
     * Calls {@code probe} until {@code done} holds for its value and returns that value, sleeping {@code interval}
     * between calls. Once {@code timeout} has passed, throws {@code onTimeout} applied to the last value. An
     * interrupt ends the wait with a {@link GardenException} naming {@code what}, the thread's flag set again.
     */
    public static <T> T until(String what, Duration timeout, Duration interval, Supplier<T> probe,
                              Predicate<? super T> done, Function<? super T, ? extends RuntimeException> onTimeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() - deadline >= 0) {
                throw onTimeout.apply(last);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GardenException("interrupted while waiting for " + what, e);
            }
            last = probe.get();
        }
        return last;
    }
}
