package dev.countersign.ciba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CIBA Core 1.0 §11 slow_down pacing, kept in memory")
class PollPacingTest {
    private final MutableClock clock = new MutableClock();
    private final PollPacing pacing = new PollPacing(clock);
    private final Instant now = clock.instant();
    private final Instant expires = now.plus(Duration.ofMinutes(5));

    @Test
    void acceptsTheFirstPollAndRefusesOneBeforeTheIntervalPassed() {
        assertThat(pacing.tryPoll("a", now, now.plusSeconds(5), expires)).isTrue();
        assertThat(pacing.tryPoll("a", now.plusSeconds(4), now.plusSeconds(9), expires))
                .isFalse();
        assertThat(pacing.tryPoll("a", now.plusSeconds(5), now.plusSeconds(10), expires))
                .isTrue();
    }

    @Test
    void aRefusedPollDoesNotMoveTheNextAllowedTime() {
        pacing.tryPoll("a", now, now.plusSeconds(5), expires);
        pacing.tryPoll("a", now.plusSeconds(1), now.plusSeconds(6), expires);
        assertThat(pacing.tryPoll("a", now.plusSeconds(5), now.plusSeconds(10), expires))
                .isTrue();
    }

    @Test
    void afterSlowDownTheNextPollWaitsForTheGrownInterval() {
        pacing.tryPoll("a", now, now.plusSeconds(5), expires);
        pacing.holdUntil("a", now.plusSeconds(11), expires);
        assertThat(pacing.tryPoll("a", now.plusSeconds(10), now.plusSeconds(20), expires))
                .isFalse();
        assertThat(pacing.tryPoll("a", now.plusSeconds(11), now.plusSeconds(21), expires))
                .isTrue();
    }

    @Test
    void ofManySimultaneousPollsExactlyOneIsOnTime() throws Exception {
        int polls = 32;
        ExecutorService pool = Executors.newFixedThreadPool(polls);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < polls; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return pacing.tryPoll("a", now, now.plusSeconds(5), expires);
                }));
            }
            go.countDown();
            int onTime = 0;
            for (Future<Boolean> answer : answers) {
                onTime += answer.get() ? 1 : 0;
            }
            assertThat(onTime).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dropsRequestsThatExpiredAndForgetsIssuedOnes() {
        pacing.tryPoll("expiring", now, now.plusSeconds(5), now.plusSeconds(60));
        pacing.tryPoll("issued", now, now.plusSeconds(5), expires);
        pacing.tryPoll("pending", now, now.plusSeconds(5), expires);
        pacing.forget("issued");
        clock.advance(Duration.ofSeconds(60));
        pacing.dropExpired();
        assertThat(pacing.size()).isEqualTo(1);
    }
}
