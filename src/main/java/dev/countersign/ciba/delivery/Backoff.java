package dev.countersign.ciba.delivery;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: after the n-th failed attempt the next one waits a uniformly
 * random time between 0 and {@code min(cap, base × 2^(n-1))}, so that retries of many clients
 * towards one recovering endpoint spread out instead of arriving together.
 */
record Backoff(Duration base, Duration cap) {
    /**
     * @param failedAttempts attempts made so far (at least 1)
     * @param random a uniform choice in {@code [0, bound]} for a bound in milliseconds
     */
    Duration delayAfter(int failedAttempts, LongUnaryOperator random) {
        long capMillis = cap.toMillis();
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 40);
        long ceiling = base.toMillis() > (capMillis >> doublings) ? capMillis : base.toMillis() << doublings;
        return Duration.ofMillis(random.applyAsLong(Math.min(ceiling, capMillis)));
    }
}
