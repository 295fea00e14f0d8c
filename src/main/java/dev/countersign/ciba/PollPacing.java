package dev.countersign.ciba;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * When each pending request may next be polled (CIBA Core 1.0 §11 {@code slow_down}), kept in
 * memory on each instance. A poll of a pending request then reads the database and writes nothing,
 * so polling costs no commit and no disk write; only a {@code slow_down} stores the grown interval.
 * Pacing is advisory state: after a restart, or when a client spreads its polls over several
 * instances, a too-fast poll can go unnoticed once per instance, never a token issued twice.
 * Entries are dropped when their request expires.
 */
@ApplicationScoped
class PollPacing {
    private record Slot(Instant nextPollAt, Instant expiresAt) {}

    private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final Clock clock;

    PollPacing(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes a poll of the request at {@code now} if the previous one is at least an interval old
     * (atomically, so of two simultaneous polls only one is on time); false means "too fast".
     */
    boolean tryPoll(String hash, Instant now, Instant nextPollAt, Instant expiresAt) {
        boolean[] taken = {false};
        slots.compute(hash, (key, slot) -> {
            if (slot == null || !slot.nextPollAt().isAfter(now)) {
                taken[0] = true;
                return new Slot(nextPollAt, expiresAt);
            }
            return slot;
        });
        return taken[0];
    }

    /** After a {@code slow_down}: the next poll must wait for the grown interval. */
    void holdUntil(String hash, Instant nextPollAt, Instant expiresAt) {
        slots.put(hash, new Slot(nextPollAt, expiresAt));
    }

    /** The request can no longer be pending (its tokens were issued). */
    void forget(String hash) {
        slots.remove(hash);
    }

    int size() {
        return slots.size();
    }

    @Scheduled(
            every = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void dropExpired() {
        Instant now = clock.instant();
        slots.values().removeIf(slot -> !slot.expiresAt().isAfter(now));
    }
}
