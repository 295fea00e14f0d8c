package dev.countersign.approval;

import java.time.Duration;
import java.util.Optional;

/**
 * How one attempt of a {@link NotificationChannel} ended.
 *
 * @param status the receiver's HTTP status, 0 when there was no answer
 * @param retryAfter the wait the receiver asked for (HTTP {@code Retry-After}), if any
 */
public record SendResult(Kind kind, int status, String error, Optional<Duration> retryAfter) {
    /** What to do next. */
    public enum Kind {
        /** Delivered: done. */
        SENT,
        /** Failed for now: try again later. */
        RETRY,
        /** Refused for good: never again. */
        FAILED,
        /** The target no longer exists: forget it. */
        GONE
    }

    public static SendResult sent(int status) {
        return new SendResult(Kind.SENT, status, null, Optional.empty());
    }

    public static SendResult retry(int status, String error, Optional<Duration> retryAfter) {
        return new SendResult(Kind.RETRY, status, error, retryAfter);
    }

    public static SendResult failed(int status, String error) {
        return new SendResult(Kind.FAILED, status, error, Optional.empty());
    }

    public static SendResult gone(int status, String error) {
        return new SendResult(Kind.GONE, status, error, Optional.empty());
    }

    /**
     * The usual reading of an HTTP answer: 2xx sent, 404 and 410 gone (RFC 8030 §7.3), 408, 425,
     * 429 and 5xx retried, other statuses refused.
     */
    public static SendResult ofHttp(int status, Optional<Duration> retryAfter) {
        if (status >= 200 && status < 300) {
            return sent(status);
        }
        String error = "the receiver answered HTTP " + status;
        if (status == 404 || status == 410) {
            return gone(status, error);
        }
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return retry(status, error, retryAfter);
        }
        return failed(status, error);
    }
}
