package dev.countersign.runtime.oidcclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testing.ExternalRuntimeApp;
import dev.countersign.testing.TargetServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The packaged application's runtime, configured for an external provider, against a scripted
 * provider that answers {@code interval=1}, then {@code authorization_pending}, {@code slow_down},
 * and {@code slow_down} with {@code Retry-After: 12} before issuing tokens. The provider's own
 * clock of each request shows the runtime never polled faster than allowed. Real time (about 20 s)
 * because the scheduler of a separate process cannot be driven by a test clock.
 */
class PollingEtiquetteIT {
    private static final String TOKEN = "/token";

    @Nested
    @DisplayName("CIBA Core 1.0 §7.3 interval, §11 slow_down (+5 s) and RFC 9110 §10.2.3 Retry-After")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AgainstAScriptedProvider {
        private ScriptedProvider provider;
        private TargetServer target;
        private ExternalRuntimeApp app;
        private String apiKey;

        @BeforeAll
        void start() throws Exception {
            provider = new ScriptedProvider();
            provider.script(
                    "/bc-authorize",
                    200,
                    Map.of(),
                    "{\"auth_req_id\":\"scripted-request-1\",\"expires_in\":120,\"interval\":1}");
            provider.scriptSequence(
                    TOKEN,
                    List.of(
                            // A slow answer: the next poll must wait the interval after it arrives.
                            new ScriptedProvider.Answer(
                                    400, Map.of(), "{\"error\":\"authorization_pending\"}", Duration.ofMillis(1500)),
                            error(Map.of(), "slow_down"),
                            error(Map.of("Retry-After", "12"), "slow_down")));
            provider.script(
                    TOKEN,
                    200,
                    Map.of(),
                    "{\"access_token\":\"scripted-access-token\",\"token_type\":\"Bearer\",\"expires_in\":60}");
            target = TargetServer.start();
            app = ExternalRuntimeApp.start(
                    provider.base(),
                    "etiquette-client",
                    "etiquette-secret-0123456789",
                    Map.of("countersign.runtime.poll-jitter", "PT0S"));
            app.createAction(Map.of("name", "notify", "url", target.url() + "/notify"));
            apiKey = app.apiKey("etiquette-agent");
        }

        @AfterAll
        void stop() {
            if (app != null) {
                app.close();
            }
            if (target != null) {
                target.close();
            }
            if (provider != null) {
                provider.stop();
            }
        }

        @Test
        void neverPollsFasterThanTheIntervalSlowDownAndRetryAfterAllow() {
            String run = app.createRun(apiKey, Map.of("action", "notify", "user", "someone", "params", Map.of()));
            String status = app.awaitFinal(apiKey, run, Duration.ofSeconds(45));

            List<Instant> asked = times("/bc-authorize");
            List<Instant> polls = times(TOKEN);
            assertThat(status).isEqualTo("succeeded");
            assertThat(asked).hasSize(1);
            assertThat(polls).as("pending, slow_down, slow_down, tokens").hasSize(4);
            assertThat(gap(asked.get(0), polls.get(0)))
                    .as("first poll after interval=1")
                    .isGreaterThanOrEqualTo(seconds(1));
            assertThat(gap(polls.get(0), polls.get(1)))
                    .as("after pending: the interval")
                    .isGreaterThanOrEqualTo(seconds(1));
            Instant slowAnswer = provider.answered().stream()
                    .filter(r -> r.path().equals(TOKEN))
                    .findFirst()
                    .orElseThrow()
                    .at();
            assertThat(gap(slowAnswer, polls.get(1)))
                    .as("the interval counts from the slow pending answer, not from when the poll left")
                    .isGreaterThanOrEqualTo(seconds(1));
            assertThat(gap(polls.get(1), polls.get(2)))
                    .as("after slow_down: interval + 5 s")
                    .isGreaterThanOrEqualTo(seconds(6));
            assertThat(gap(polls.get(2), polls.get(3)))
                    .as("after slow_down with Retry-After: 12 (the grown interval is 11 s)")
                    .isGreaterThanOrEqualTo(seconds(12));
            assertThat(target.calls()).hasSize(1);
            assertThat(target.calls().get(0).authorization()).isEqualTo("Bearer scripted-access-token");
        }

        private List<Instant> times(String path) {
            return provider.received().stream()
                    .filter(r -> r.path().equals(path))
                    .map(ScriptedProvider.Received::at)
                    .toList();
        }
    }

    private static ScriptedProvider.Answer error(Map<String, String> headers, String error) {
        return new ScriptedProvider.Answer(400, headers, "{\"error\":\"" + error + "\"}");
    }

    private static Duration gap(Instant from, Instant to) {
        return Duration.between(from, to);
    }

    private static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
