package dev.countersign.approval;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; capped at
 * one hour so that a receiver cannot park a notification forever.
 */
public final class RetryAfter {
    private static final Duration MAX = Duration.ofHours(1);

    private RetryAfter() {}

    public static Optional<Duration> of(HttpHeaders headers, Instant now) {
        return headers.firstValue("Retry-After").flatMap(value -> parse(value.trim(), now));
    }

    static Optional<Duration> parse(String value, Instant now) {
        Duration wait;
        if (value.matches("\\d{1,9}")) {
            wait = Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                wait = Duration.between(
                        now,
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            return Optional.empty();
        }
        return Optional.of(wait.compareTo(MAX) > 0 ? MAX : wait);
    }
}
