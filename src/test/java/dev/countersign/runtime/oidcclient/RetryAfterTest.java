package dev.countersign.runtime.oidcclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Nested
    @DisplayName("RFC 9110 §10.2.3 Retry-After: HTTP-date / delay-seconds")
    class Values {
        @Test
        void readsDelaySeconds() {
            assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
        }

        @Test
        void readsAnHttpDateAsTheTimeUntilThen() {
            assertThat(RetryAfter.parse("Sat, 28 Nov 2026 10:01:30 GMT", NOW)).contains(Duration.ofSeconds(90));
        }

        @Test
        void readsAnHttpDateInThePastAsNow() {
            assertThat(RetryAfter.parse("Sat, 28 Nov 2026 09:00:00 GMT", NOW)).contains(Duration.ZERO);
        }

        @Test
        void ignoresWhatItCannotRead() {
            assertThat(RetryAfter.parse("soon", NOW)).isEqualTo(Optional.empty());
            assertThat(RetryAfter.parse("-5", NOW)).isEqualTo(Optional.empty());
            assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEqualTo(Optional.empty());
            assertThat(RetryAfter.parse(null, NOW)).isEqualTo(Optional.empty());
        }
    }
}
