package dev.countersign.provider;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KeyIntervalsTest {
    @Nested
    @DisplayName("Start-up checks: every instance publishes a rotated key before any signs with it")
    class StartUp {
        @Test
        void acceptsARefreshIntervalShorterThanPublishBeforeUse() {
            assertDoesNotThrow(() -> SigningKeys.checkIntervals(Duration.ofMinutes(10), Duration.ofSeconds(30)));
        }

        @Test
        void rejectsARefreshIntervalThatIsNotShorter() {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> SigningKeys.checkIntervals(Duration.ofSeconds(30), Duration.ofSeconds(30)));
            assertTrue(e.getMessage().contains("countersign.keys.refresh-interval"), e.getMessage());
        }

        @Test
        void acceptsAnyRefreshIntervalWhenKeysSignAtOnce() {
            assertDoesNotThrow(() -> SigningKeys.checkIntervals(Duration.ZERO, Duration.ofMinutes(5)));
        }
    }
}
