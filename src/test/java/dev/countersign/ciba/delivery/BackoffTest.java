package dev.countersign.ciba.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    /** The ceiling the random choice was given, in milliseconds. */
    private long ceilingAfter(int failedAttempts) {
        long[] bound = new long[1];
        backoff.delayAfter(failedAttempts, b -> {
            bound[0] = b;
            return 0;
        });
        return bound[0];
    }

    @Nested
    @DisplayName("Exponential backoff with full jitter")
    class FullJitter {
        @Test
        void doublesTheCeilingAfterEachFailedAttempt() {
            assertThat(ceilingAfter(1)).isEqualTo(1_000);
            assertThat(ceilingAfter(2)).isEqualTo(2_000);
            assertThat(ceilingAfter(3)).isEqualTo(4_000);
            assertThat(ceilingAfter(9)).isEqualTo(256_000);
        }

        @Test
        void neverExceedsTheCap() {
            assertThat(ceilingAfter(10)).isEqualTo(300_000);
            assertThat(ceilingAfter(64)).isEqualTo(300_000);
            assertThat(ceilingAfter(Integer.MAX_VALUE)).isEqualTo(300_000);
        }

        @Test
        void waitsTheRandomChoiceWithinTheCeiling() {
            assertThat(backoff.delayAfter(3, bound -> bound / 2)).isEqualTo(Duration.ofSeconds(2));
            assertThat(backoff.delayAfter(3, bound -> 0)).isEqualTo(Duration.ZERO);
        }
    }
}
