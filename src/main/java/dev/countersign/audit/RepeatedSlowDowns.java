package dev.countersign.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which {@code slow_down} answers to a too-fast poll are stored one by one and which are only
 * counted (ADR 0007). For each client and user, the first such answer of a window is stored as its
 * own event before it leaves; the repeats within {@code window} of it are counted in memory and
 * {@link #drain(Instant) drained} into one summary event each time the counts are stored. A window of
 * zero stores every answer on its own. At most {@code maxKeys} clients and users are tracked at
 * once; past that, answers are stored one by one, so the memory stays bounded and nothing goes
 * uncounted.
 */
final class RepeatedSlowDowns {
    /** Who polled too fast: the authenticated client and the request's user (may be null). */
    record Key(String clientId, String userSub) {}

    /** Repeats counted for one key since the last drain. */
    record Summary(Key key, long repeats, Instant first, Instant last) {}

    private record Tally(long repeats, Instant first, Instant last) {
        Tally plus(Tally other) {
            return new Tally(
                    repeats + other.repeats,
                    first.isBefore(other.first) ? first : other.first,
                    last.isAfter(other.last) ? last : other.last);
        }
    }

    private final Duration window;
    private final int maxKeys;
    /** When each key's current window began: the time of its last answer stored on its own. */
    private final ConcurrentMap<Key, Instant> windows = new ConcurrentHashMap<>();

    private final ConcurrentMap<Key, Tally> tallies = new ConcurrentHashMap<>();

    RepeatedSlowDowns(Duration window, int maxKeys) {
        this.window = window;
        this.maxKeys = maxKeys;
    }

    /**
     * Takes one {@code slow_down} answer to a too-fast poll.
     *
     * @return true when the answer must be stored on its own (the first of its key's window, or
     *     nothing is counted); false when it was counted for the next summary
     */
    boolean storeOnItsOwn(Key key, Instant now) {
        if (window.isZero()) {
            return true;
        }
        Instant open = windows.get(key);
        if (open != null && now.isBefore(open.plus(window))) {
            // The common case of a client in a loop: no lock on the window.
            tallies.merge(key, new Tally(1, now, now), Tally::plus);
            return false;
        }
        if (open == null && windows.size() >= maxKeys) {
            return true;
        }
        boolean[] opensWindow = new boolean[1];
        windows.compute(key, (k, start) -> {
            if (start == null || !now.isBefore(start.plus(window))) {
                opensWindow[0] = true;
                return now;
            }
            return start;
        });
        if (opensWindow[0]) {
            return true;
        }
        tallies.merge(key, new Tally(1, now, now), Tally::plus);
        return false;
    }

    /**
     * The repeats counted since the last call, one summary per key, each removed as it is taken
     * (a repeat counted meanwhile goes into the next call's); forgets windows that ended before
     * {@code now}.
     */
    List<Summary> drain(Instant now) {
        List<Summary> summaries = new ArrayList<>();
        for (Key key : List.copyOf(tallies.keySet())) {
            Tally tally = tallies.remove(key);
            if (tally != null) {
                summaries.add(new Summary(key, tally.repeats(), tally.first(), tally.last()));
            }
        }
        windows.entrySet().removeIf(entry -> !now.isBefore(entry.getValue().plus(window)));
        return summaries;
    }
}
