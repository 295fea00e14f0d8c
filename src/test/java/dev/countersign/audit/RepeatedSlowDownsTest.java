package dev.countersign.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ADR 0007: which slow_down answers to a too-fast poll are stored on their own, which are counted. */
class RepeatedSlowDownsTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Instant T0 = Instant.parse("2026-11-29T03:00:00Z");
    private static final RepeatedSlowDowns.Key AGENT = new RepeatedSlowDowns.Key("agent", "user-1");

    @Test
    void storesTheFirstOfAWindowOnItsOwnAndCountsTheRest() {
        RepeatedSlowDowns repeats = new RepeatedSlowDowns(WINDOW, 100);
        assertTrue(repeats.storeOnItsOwn(AGENT, T0));
        assertFalse(repeats.storeOnItsOwn(AGENT, T0.plusSeconds(1)));
        assertFalse(repeats.storeOnItsOwn(AGENT, T0.plusSeconds(59)));

        List<RepeatedSlowDowns.Summary> summaries = repeats.drain(T0.plusSeconds(59));

        assertEquals(
                List.of(new RepeatedSlowDowns.Summary(AGENT, 2, T0.plusSeconds(1), T0.plusSeconds(59))), summaries);
        assertEquals(List.of(), repeats.drain(T0.plusSeconds(59)), "a drain takes the counts it stores");
    }

    @Test
    void storesTheFirstAfterTheWindowOnItsOwnAgain() {
        RepeatedSlowDowns repeats = new RepeatedSlowDowns(WINDOW, 100);
        assertTrue(repeats.storeOnItsOwn(AGENT, T0));
        assertFalse(repeats.storeOnItsOwn(AGENT, T0.plusSeconds(30)));
        assertTrue(repeats.storeOnItsOwn(AGENT, T0.plus(WINDOW)));
        assertFalse(repeats.storeOnItsOwn(AGENT, T0.plus(WINDOW).plusSeconds(1)));
        assertEquals(2, repeats.drain(T0.plus(WINDOW).plusSeconds(1)).get(0).repeats());
    }

    @Test
    void aDrainAfterTheWindowForgetsIt() {
        RepeatedSlowDowns repeats = new RepeatedSlowDowns(WINDOW, 1);
        RepeatedSlowDowns.Key other = new RepeatedSlowDowns.Key("other", null);
        assertTrue(repeats.storeOnItsOwn(AGENT, T0));
        repeats.drain(T0.plus(WINDOW));
        assertTrue(repeats.storeOnItsOwn(other, T0.plus(WINDOW)));
        assertFalse(repeats.storeOnItsOwn(other, T0.plus(WINDOW).plusSeconds(1)), "the freed place was taken");
    }

    @Test
    void aZeroWindowStoresEveryAnswerOnItsOwn() {
        RepeatedSlowDowns repeats = new RepeatedSlowDowns(Duration.ZERO, 100);
        for (int i = 0; i < 3; i++) {
            assertTrue(repeats.storeOnItsOwn(AGENT, T0));
        }
        assertEquals(List.of(), repeats.drain(T0));
    }

    @Test
    void storesEveryAnswerOnItsOwnPastTheBoundOnWhoIsCounted() {
        RepeatedSlowDowns repeats = new RepeatedSlowDowns(WINDOW, 1);
        RepeatedSlowDowns.Key other = new RepeatedSlowDowns.Key("other", "user-1");
        assertTrue(repeats.storeOnItsOwn(AGENT, T0));
        assertTrue(repeats.storeOnItsOwn(other, T0.plusSeconds(1)));
        assertTrue(repeats.storeOnItsOwn(other, T0.plusSeconds(2)));
        assertFalse(repeats.storeOnItsOwn(AGENT, T0.plusSeconds(3)), "the key already counted still is");
    }

    @Test
    void countsEveryOneOfManySimultaneousAnswersExactlyOnce() throws Exception {
        RepeatedSlowDowns repeats = new RepeatedSlowDowns(WINDOW, 100);
        int threads = 8;
        int each = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long drained = 0;
        long onTheirOwn = 0;
        try {
            List<Future<Long>> own = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                own.add(pool.submit(() -> {
                    long stored = 0;
                    for (int i = 0; i < each; i++) {
                        if (repeats.storeOnItsOwn(AGENT, T0.plusMillis(i))) {
                            stored++;
                        }
                    }
                    return stored;
                }));
            }
            // Drains while the answers are counted, as the scheduled store does.
            while (!own.stream().allMatch(Future::isDone)) {
                drained += repeats.drain(T0).stream()
                        .mapToLong(RepeatedSlowDowns.Summary::repeats)
                        .sum();
            }
            for (Future<Long> f : own) {
                onTheirOwn += f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        drained += repeats.drain(T0).stream()
                .mapToLong(RepeatedSlowDowns.Summary::repeats)
                .sum();
        assertEquals(1, onTheirOwn);
        assertEquals((long) threads * each - 1, drained);
    }
}
