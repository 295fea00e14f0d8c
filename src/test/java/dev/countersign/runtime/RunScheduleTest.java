package dev.countersign.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RunScheduleTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant FAR = NOW.plusSeconds(3600);

    static RuntimeConfig config(Duration jitter) {
        Map<String, Object> values =
                Map.of("enabled", true, "pingSafetyInterval", Duration.ofSeconds(30), "pollJitter", jitter);
        return (RuntimeConfig) Proxy.newProxyInstance(
                RuntimeConfig.class.getClassLoader(), new Class<?>[] {RuntimeConfig.class}, (proxy, method, args) -> {
                    Object value = values.get(method.getName());
                    if (value == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return value;
                });
    }

    static CibaClient provider(boolean pings) {
        return new CibaClient() {
            @Override
            public StartOutcome start(CibaAuthenticationRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public PollOutcome poll(String authReqId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean pings() {
                return pings;
            }
        };
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7.3 interval and §11 slow_down: never poll sooner than allowed")
    class Polling {
        @Test
        void waitsTheIntervalPlusAtMostTheJitter() {
            RunSchedule schedule = new RunSchedule(config(Duration.ofMillis(500)), provider(false));
            for (int i = 0; i < 200; i++) {
                Instant next = schedule.nextPoll(NOW, 5, FAR);
                assertEquals(
                        true,
                        !next.isBefore(NOW.plusSeconds(5)) && !next.isAfter(NOW.plusMillis(5500)),
                        next.toString());
            }
        }

        @Test
        void honoursALongerWaitSuchAsRetryAfter() {
            RunSchedule schedule = new RunSchedule(config(Duration.ZERO), provider(false));
            assertEquals(NOW.plusSeconds(42), schedule.nextPoll(NOW, Duration.ofSeconds(42), FAR));
        }

        @Test
        void isDueAtTheExpiryAtTheLatest() {
            RunSchedule schedule = new RunSchedule(config(Duration.ZERO), provider(false));
            assertEquals(NOW.plusSeconds(3), schedule.nextPoll(NOW, 5, NOW.plusSeconds(3)));
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §10.2 ping: woken by the provider, polled rarely otherwise")
    class Pinging {
        @Test
        void pollsOnlyAtTheSafetyIntervalWhenTheProviderPings() {
            RunSchedule schedule = new RunSchedule(config(Duration.ZERO), provider(true));
            assertEquals(NOW.plusSeconds(30), schedule.nextPoll(NOW, 5, FAR));
            assertEquals(NOW.plusSeconds(45), schedule.nextPoll(NOW, Duration.ofSeconds(45), FAR));
        }

        @Test
        void pollsAgainAfterTheGrownIntervalOfASlowDownEvenWhenTheProviderPings() {
            RunSchedule schedule = new RunSchedule(config(Duration.ZERO), provider(true));
            assertEquals(NOW.plusSeconds(10), schedule.retry(NOW, Duration.ofSeconds(10), FAR));
            assertEquals(NOW.plusSeconds(3), schedule.retry(NOW, Duration.ofSeconds(10), NOW.plusSeconds(3)));
        }
    }
}
