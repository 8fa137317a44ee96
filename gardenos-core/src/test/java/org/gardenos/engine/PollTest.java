package org.gardenos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.gardenos.error.GardenException;
import org.junit.jupiter.api.Test;

class PollTest {
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void returnsTheFirstValueThatIsDoneWithoutWaitingWhenAlreadyDone() {
        int value = Poll.until("x", Duration.ZERO, Duration.ofHours(1), calls::incrementAndGet, v -> true,
                v -> new IllegalStateException("never"));
        assertThat(value).isEqualTo(1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void probesAgainUntilDone() {
        int value = Poll.until("x", Duration.ofHours(1), Duration.ZERO, calls::incrementAndGet, v -> v == 3,
                v -> new IllegalStateException("never"));
        assertThat(value).isEqualTo(3);
        assertThat(calls).hasValue(3);
    }

    @Test
    void outOfTimeThrowsTheCallersExceptionBuiltFromTheLastValue() {
        assertThatThrownBy(() -> Poll.until("x", Duration.ZERO, Duration.ZERO, () -> "3 of 5 healthy",
                v -> false, v -> new GardenException("cluster not healthy: " + v)))
                .isInstanceOf(GardenException.class).hasMessage("cluster not healthy: 3 of 5 healthy");
    }

    @Test
    void anInterruptStopsTheWaitNamingWhatAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Poll.until("the API", Duration.ofHours(1), Duration.ofMillis(10),
                    calls::incrementAndGet, v -> false, v -> new IllegalStateException("never")))
                    .isInstanceOf(GardenException.class).hasMessage("interrupted while waiting for the API");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(calls).hasValue(1);
    }
}
