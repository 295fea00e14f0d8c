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

    private boolean onTime(Instant at) {
        return pacing.poll("a", at, 5, expires).onTime();
    }

    @Test
    void acceptsTheFirstPollAndRefusesOneBeforeTheIntervalPassed() {
        assertThat(onTime(now)).isTrue();
        assertThat(onTime(now.plusSeconds(4))).isFalse();
    }

    @Test
    void aPollHalfASecondEarlyIsStillOnTime() {
        assertThat(onTime(now)).isTrue();
        assertThat(onTime(now.plusMillis(4_500))).isTrue();
        assertThat(onTime(now.plusMillis(8_999))).isFalse();
    }

    @Test
    void aTooFastPollGrowsTheIntervalByFiveSecondsFromThatPoll() {
        assertThat(pacing.poll("a", now, 5, expires)).isEqualTo(new PollPacing.Poll(true, 5));
        assertThat(pacing.poll("a", now.plusSeconds(1), 5, expires)).isEqualTo(new PollPacing.Poll(false, 10));
        // 10 s from the too-fast poll, less the tolerance: still too fast at 10 s, grown again to 15 s.
        assertThat(pacing.poll("a", now.plusSeconds(10), 5, expires)).isEqualTo(new PollPacing.Poll(false, 15));
        assertThat(pacing.poll("a", now.plusSeconds(25), 5, expires)).isEqualTo(new PollPacing.Poll(true, 15));
        // The grown interval stays for all later polls (§11 "this and all subsequent requests").
        assertThat(pacing.poll("a", now.plusSeconds(39), 5, expires)).isEqualTo(new PollPacing.Poll(false, 20));
    }

    @Test
    void aLongerIntervalOfTheRequestWins() {
        assertThat(pacing.poll("a", now, 5, expires).intervalSeconds()).isEqualTo(5);
        assertThat(pacing.poll("a", now.plusSeconds(5), 30, expires)).isEqualTo(new PollPacing.Poll(true, 30));
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
                    return pacing.poll("a", now, 5, expires).onTime();
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
        pacing.poll("expiring", now, 5, now.plusSeconds(60));
        pacing.poll("issued", now, 5, expires);
        pacing.poll("pending", now, 5, expires);
        pacing.forget("issued");
        clock.advance(Duration.ofSeconds(60));
        pacing.dropExpired();
        assertThat(pacing.size()).isEqualTo(1);
    }
}
