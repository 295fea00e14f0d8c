package dev.countersign.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryDelayTest {
    static final RetryDelay DELAY = new RetryDelay(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Nested
    @DisplayName("Exponential backoff with full jitter")
    class Backoff {
        @Test
        void doublesTheCeilingAfterEachFailureUpToTheCap() {
            assertThat(DELAY.after(1, Optional.empty(), bound -> bound)).isEqualTo(Duration.ofSeconds(1));
            assertThat(DELAY.after(2, Optional.empty(), bound -> bound)).isEqualTo(Duration.ofSeconds(2));
            assertThat(DELAY.after(4, Optional.empty(), bound -> bound)).isEqualTo(Duration.ofSeconds(8));
            assertThat(DELAY.after(30, Optional.empty(), bound -> bound)).isEqualTo(Duration.ofSeconds(60));
            assertThat(DELAY.after(1000, Optional.empty(), bound -> bound)).isEqualTo(Duration.ofSeconds(60));
        }

        @Test
        void waitsWhatTheRandomChoiceSays() {
            assertThat(DELAY.after(3, Optional.empty(), bound -> 1)).isEqualTo(Duration.ofMillis(1));
        }
    }

    @Nested
    @DisplayName("RFC 9110 §10.2.3 Retry-After")
    class RetryAfterHeader {
        @Test
        void neverRetriesSoonerThanAsked() {
            assertThat(DELAY.after(1, Optional.of(Duration.ofSeconds(120)), bound -> bound))
                    .isEqualTo(Duration.ofSeconds(120));
            assertThat(DELAY.after(8, Optional.of(Duration.ofMillis(5)), bound -> bound))
                    .isEqualTo(Duration.ofSeconds(60));
        }

        @Test
        void readsSecondsAndHttpDatesAndCapsThem() {
            Instant now = Instant.parse("2026-11-28T10:00:00Z");
            assertThat(RetryAfter.parse("120", now)).contains(Duration.ofSeconds(120));
            assertThat(RetryAfter.parse("Sat, 28 Nov 2026 10:02:00 GMT", now)).contains(Duration.ofSeconds(120));
            assertThat(RetryAfter.parse("999999", now)).contains(Duration.ofHours(1));
            assertThat(RetryAfter.parse("Sat, 28 Nov 2026 09:00:00 GMT", now)).isEmpty();
            assertThat(RetryAfter.parse("soon", now)).isEmpty();
            assertThat(RetryAfter.parse("-5", now)).isEmpty();
        }

        @Test
        void isAbsentWithoutTheHeader() {
            HttpHeaders none = HttpHeaders.of(Map.of(), (a, b) -> true);
            HttpHeaders some = HttpHeaders.of(Map.of("Retry-After", List.of(" 7 ")), (a, b) -> true);
            assertThat(RetryAfter.of(none, Instant.EPOCH)).isEmpty();
            assertThat(RetryAfter.of(some, Instant.EPOCH)).contains(Duration.ofSeconds(7));
        }
    }

    @Nested
    @DisplayName("RFC 8030 §7.3, §8.4: reading a push service's answer")
    class Answers {
        @Test
        void classifiesStatuses() {
            assertThat(SendResult.ofHttp(201, Optional.empty()).kind()).isEqualTo(SendResult.Kind.SENT);
            assertThat(SendResult.ofHttp(202, Optional.empty()).kind()).isEqualTo(SendResult.Kind.SENT);
            assertThat(SendResult.ofHttp(404, Optional.empty()).kind()).isEqualTo(SendResult.Kind.GONE);
            assertThat(SendResult.ofHttp(410, Optional.empty()).kind()).isEqualTo(SendResult.Kind.GONE);
            assertThat(SendResult.ofHttp(429, Optional.empty()).kind()).isEqualTo(SendResult.Kind.RETRY);
            assertThat(SendResult.ofHttp(503, Optional.empty()).kind()).isEqualTo(SendResult.Kind.RETRY);
            assertThat(SendResult.ofHttp(400, Optional.empty()).kind()).isEqualTo(SendResult.Kind.FAILED);
            assertThat(SendResult.ofHttp(413, Optional.empty()).kind()).isEqualTo(SendResult.Kind.FAILED);
            assertThat(SendResult.ofHttp(301, Optional.empty()).kind()).isEqualTo(SendResult.Kind.FAILED);
        }
    }
}
