package dev.countersign.ciba;

import dev.countersign.common.BackgroundJob;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * When each pending request may next be polled, and its interval as {@code slow_down} grew it (CIBA
 * Core 1.0 §11), kept in memory on each instance. A poll then reads the database and writes nothing,
 * whether it is on time or too fast, so polling costs no commit and no disk write. Pacing is
 * advisory state: after a restart, or when a client spreads its polls over several instances, a
 * too-fast poll can go unnoticed once per instance and a grown interval starts again from the
 * request's own, never a token issued twice. Entries are dropped when their request expires.
 */
@ApplicationScoped
class PollPacing {
    /** A poll this much before the end of the interval is still on time (network jitter). */
    static final Duration POLL_TOLERANCE = Duration.ofMillis(500);
    /** §11 slow_down: "the interval MUST be increased by at least 5 seconds". */
    static final int SLOW_DOWN_INCREMENT_SECONDS = 5;

    /**
     * A poll's pacing.
     *
     * @param onTime false: too fast, answer {@code slow_down}
     * @param intervalSeconds the request's interval from now on (grown when too fast)
     */
    record Poll(boolean onTime, int intervalSeconds) {}

    private record Slot(Instant nextPollAt, int intervalSeconds, Instant expiresAt) {}

    private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final Clock clock;

    PollPacing(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes a poll of the request at {@code now}, atomically (of two simultaneous polls only one is
     * on time). On time when the previous poll is at least an interval old (less {@link
     * #POLL_TOLERANCE}): the next may come one interval from now. Too fast: the interval grows by
     * {@link #SLOW_DOWN_INCREMENT_SECONDS} and the next poll must wait that long from now.
     *
     * @param requestInterval the interval the request was given, in seconds
     */
    Poll poll(String hash, Instant now, int requestInterval, Instant expiresAt) {
        Poll[] answer = new Poll[1];
        slots.compute(hash, (key, slot) -> {
            int interval = slot == null ? requestInterval : Math.max(slot.intervalSeconds(), requestInterval);
            if (slot == null || !slot.nextPollAt().isAfter(now.plus(POLL_TOLERANCE))) {
                answer[0] = new Poll(true, interval);
                return new Slot(now.plusSeconds(interval), interval, expiresAt);
            }
            int grown = interval + SLOW_DOWN_INCREMENT_SECONDS;
            answer[0] = new Poll(false, grown);
            return new Slot(now.plusSeconds(grown), grown, expiresAt);
        });
        return answer[0];
    }

    /** The request can no longer be pending (its tokens were issued). */
    void forget(String hash) {
        slots.remove(hash);
    }

    int size() {
        return slots.size();
    }

    @BackgroundJob
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dropExpired() {
        Instant now = clock.instant();
        slots.values().removeIf(slot -> !slot.expiresAt().isAfter(now));
    }
}
