package dev.countersign.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
    final MutableClock clock = new MutableClock();
    final SignInThrottle throttle = new SignInThrottle(3, Duration.ofMinutes(10), clock);

    @Nested
    @DisplayName("OWASP Authentication Cheat Sheet: throttling per client address")
    class PerAddress {
        @Test
        void pausesAnAddressAtTheLimitUntilItsWindowEnds() {
            throttle.recordFailure("192.0.2.1");
            clock.advance(Duration.ofSeconds(60));
            throttle.recordFailure("192.0.2.1");
            assertThat(throttle.retryAfter("192.0.2.1")).isEmpty();
            throttle.recordFailure("192.0.2.1");
            assertThat(throttle.retryAfter("192.0.2.1")).contains(Duration.ofMinutes(9));
            clock.advance(Duration.ofMinutes(9));
            assertThat(throttle.retryAfter("192.0.2.1")).isEmpty();
        }

        @Test
        void countsEachAddressOnItsOwn() {
            for (int i = 0; i < 3; i++) {
                throttle.recordFailure("192.0.2.1");
            }
            assertThat(throttle.retryAfter("192.0.2.1")).isPresent();
            assertThat(throttle.retryAfter("192.0.2.2")).isEmpty();
            assertThat(throttle.retryAfter(null)).isEmpty();
        }

        @Test
        void startsAFreshWindowAfterTheOldOneEnded() {
            throttle.recordFailure("192.0.2.1");
            throttle.recordFailure("192.0.2.1");
            clock.advance(Duration.ofMinutes(11));
            throttle.recordFailure("192.0.2.1");
            assertThat(throttle.retryAfter("192.0.2.1")).isEmpty();
        }
    }
}
