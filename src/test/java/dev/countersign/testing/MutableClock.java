package dev.countersign.testing;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of every {@code @QuarkusTest}: stands still until a test moves it, so tests of expiry and
 * rotation move time instead of sleeping. Tests move it forward with {@link #advance}; a test that
 * needs a fresh start calls {@link #reset}, which sets it to the real time.
 */
@Alternative
@Priority(1)
@Singleton
public class MutableClock extends Clock {
    private volatile Instant now = Instant.now();

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }

    /** Moves the clock forward. */
    public synchronized void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        now = now.plus(duration);
    }

    /** Sets the clock to the real time. */
    public synchronized void reset() {
        now = Instant.now();
    }
}
