package dev.countersign.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a waiting run is polled next: after the provider's {@code interval} (CIBA Core 1.0 §7.3), or
 * its {@code Retry-After} when longer, plus a random jitter so that many runs spread their polls;
 * with a provider that wakes the runtime when the user decides, only every
 * {@code ping-safety-interval} as a safety net, except after a {@code slow_down} or an unreachable
 * provider ({@link #retry}). Never after the request expires: the run is due at
 * its expiry at the latest, to be marked expired.
 */
@ApplicationScoped
public class RunSchedule {
    private final RuntimeConfig config;
    private final boolean pings;

    public RunSchedule(RuntimeConfig config, CibaClient provider) {
        this.config = config;
        this.pings = config.enabled() && provider.pings();
    }

    public Instant nextPoll(Instant now, int intervalSeconds, Instant expiresAt) {
        return nextPoll(now, Duration.ofSeconds(intervalSeconds), expiresAt);
    }

    public Instant nextPoll(Instant now, Duration wait, Instant expiresAt) {
        Duration base = pings && wait.compareTo(config.pingSafetyInterval()) < 0 ? config.pingSafetyInterval() : wait;
        return after(now, base, expiresAt);
    }

    /**
     * When to poll again after the provider answered {@code slow_down} or could not be reached: after
     * {@code wait} (plus jitter), even with a provider that pings. The poll may have been the one a
     * ping asked for (the user has decided), and no second ping comes, so waiting for the safety
     * interval would keep a decided run waiting for nothing.
     */
    public Instant retry(Instant now, Duration wait, Instant expiresAt) {
        return after(now, wait, expiresAt);
    }

    private Instant after(Instant now, Duration base, Instant expiresAt) {
        long jitterMillis = config.pollJitter().toMillis();
        Duration jitter = Duration.ofMillis(
                jitterMillis <= 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterMillis + 1));
        Instant next = now.plus(base).plus(jitter);
        return next.isAfter(expiresAt) ? expiresAt : next;
    }
}
