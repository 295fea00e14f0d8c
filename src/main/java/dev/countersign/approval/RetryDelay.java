package dev.countersign.approval;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * When to try a notification again: exponential backoff with full jitter (a uniformly random wait
 * between 1 ms and {@code min(cap, base × 2^(n-1))} after the n-th failure), so retries towards a
 * recovering receiver spread out; never sooner than the receiver's {@code Retry-After} (RFC 9110
 * §10.2.3), which may exceed the cap.
 */
public record RetryDelay(Duration base, Duration cap) {
    /**
     * @param failedAttempts attempts made so far (at least 1)
     * @param random a uniform choice in {@code [1, bound]} for a bound in milliseconds
     */
    public Duration after(int failedAttempts, Optional<Duration> retryAfter, LongUnaryOperator random) {
        long capMillis = Math.max(cap.toMillis(), 1);
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 40);
        long ceiling = Math.min(
                capMillis, base.toMillis() > (capMillis >> doublings) ? capMillis : base.toMillis() << doublings);
        Duration jittered = Duration.ofMillis(random.applyAsLong(Math.max(ceiling, 1)));
        return retryAfter.filter(asked -> asked.compareTo(jittered) > 0).orElse(jittered);
    }
}
