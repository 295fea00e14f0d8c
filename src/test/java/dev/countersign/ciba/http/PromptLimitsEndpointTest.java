package dev.countersign.ciba.http;

import static dev.countersign.testing.CibaCalls.bcAuthorize;
import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.form;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Push-bombing defences at the backchannel endpoint (issue 4, ADR 0005): per-user and per-client
 * limits per window, counted in the database, and collapsing of identical pending requests. A
 * refusal is 429 slow_down with Retry-After and reaches nobody's phone.
 */
@QuarkusTest
@TestProfile(PromptLimitsEndpointTest.TightLimits.class)
@Tag(PostgresServerResource.TAG)
class PromptLimitsEndpointTest {
    static final int PER_USER = 5;
    static final int PER_CLIENT = 8;

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "countersign.ciba.limits.per-user", Integer.toString(PER_USER),
                    "countersign.ciba.limits.per-client", Integer.toString(PER_CLIENT),
                    "countersign.ciba.limits.window", "PT1M");
        }
    }

    @Inject
    MutableClock clock;

    @Inject
    TestDatabase database;

    RegisteredClient client;
    SignedInUser user;

    @BeforeEach
    void freshClientAndUser() {
        client = Fixtures.client();
        user = Fixtures.signedInUser();
        // Start at the beginning of a window, so that the test decides when it passes.
        clock.reset();
        long ms = clock.instant().toEpochMilli();
        clock.advance(Duration.ofMillis(60_000 - ms % 60_000));
    }

    private static Response ask(RegisteredClient client, String username, String message) {
        return bcAuthorize(client, form("scope", "openid", "login_hint", username, "binding_message", message));
    }

    private static void assertRefused(Response r) {
        assertRefused(r, 60);
    }

    private static void assertRefused(Response r, long maxRetryAfter) {
        r.then()
                .statusCode(429)
                .header("Cache-Control", containsString("no-store"))
                .body("error", equalTo("slow_down"));
        assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, maxRetryAfter);
    }

    private long pendingCount(SignedInUser u) {
        return Fixtures.pendingOf(u).extract().jsonPath().getList("id").size();
    }

    @Nested
    @DisplayName("Issue 4: per-user and per-client limits per window")
    class Limits {
        @Test
        void admitsExactlyTheUsersLimitThenRefusesWithRetryAfter() {
            for (int i = 0; i < PER_USER; i++) {
                ask(client, user.username(), "Request " + i).then().statusCode(200);
            }
            Response refused = ask(client, user.username(), "One too many");
            assertRefused(refused);
            refused.then().body("error_description", containsString("user"));
            assertThat(pendingCount(user)).isEqualTo(PER_USER);
        }

        @Test
        void countsTheUserAcrossClients() {
            RegisteredClient other = Fixtures.client();
            for (int i = 0; i < PER_USER; i++) {
                ask(i % 2 == 0 ? client : other, user.username(), "Request " + i)
                        .then()
                        .statusCode(200);
            }
            assertRefused(ask(other, user.username(), "Sixth"));
        }

        @Test
        void admitsAgainOnceTheWindowHasPassed() {
            for (int i = 0; i < PER_USER; i++) {
                ask(client, user.username(), "Request " + i).then().statusCode(200);
            }
            clock.advance(Duration.ofSeconds(59));
            assertRefused(ask(client, user.username(), "Still this window"));
            clock.advance(Duration.ofSeconds(1));
            ask(client, user.username(), "Next window").then().statusCode(200);
        }

        @Test
        void refusesTheClientBeyondItsLimitWithoutCountingTheUser() {
            for (int i = 0; i < PER_CLIENT; i++) {
                ask(client, Fixtures.signedInUser().username(), "Request")
                        .then()
                        .statusCode(200);
            }
            Response refused = ask(client, user.username(), "Over the client limit");
            assertRefused(refused);
            refused.then().body("error_description", containsString("client"));
            // The refused request did not use up the user's allowance.
            RegisteredClient other = Fixtures.client();
            for (int i = 0; i < PER_USER; i++) {
                ask(other, user.username(), "Request " + i).then().statusCode(200);
            }
        }

        @Test
        void admitsNoMoreThanTheLimitUnderConcurrentRequests() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Callable<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    String message = "Concurrent " + i;
                    calls.add(() -> ask(client, user.username(), message).statusCode());
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : pool.invokeAll(calls)) {
                    statuses.add(f.get());
                }
                assertThat(statuses).containsOnly(200, 429);
                assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(PER_USER);
                assertThat(pendingCount(user)).isEqualTo(PER_USER);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("Issue 4: identical pending requests are collapsed")
    class Collapsing {
        @Test
        void refusesAnIdenticalPendingRequestNamingItsExpiry() {
            ask(client, user.username(), "Pay 42 EUR").then().statusCode(200);
            Response duplicate = ask(client, user.username(), "Pay 42 EUR");
            assertRefused(duplicate, 300);
            // Retry-After runs until the pending twin expires (default expiry 5 minutes, clock frozen).
            assertThat(duplicate.header("Retry-After")).isEqualTo("300");
            duplicate.then().body("error_description", containsString("already pending"));
            assertThat(pendingCount(user)).isEqualTo(1);
            // The duplicate did not count against the user's limit.
            for (int i = 1; i < PER_USER; i++) {
                ask(client, user.username(), "Other " + i).then().statusCode(200);
            }
        }

        @Test
        void admitsAnIdenticalRequestOnceItsTwinHasExpiredAndCollapsesTheNextOnTheNewOne() {
            ask(client, user.username(), "Pay 42 EUR").then().statusCode(200);
            clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            ask(client, user.username(), "Pay 42 EUR").then().statusCode(200);
            clock.advance(Duration.ofMinutes(1));
            Response duplicate = ask(client, user.username(), "Pay 42 EUR");
            assertRefused(duplicate, 300);
            // The twin that counts is the pending one, not the expired one stored before it.
            assertThat(duplicate.header("Retry-After")).isEqualTo("240");
        }

        @Test
        void admitsARequestThatDiffersOrWhoseTwinWasDecided() {
            ask(client, user.username(), "Pay 42 EUR").then().statusCode(200);
            ask(client, user.username(), "Pay 43 EUR").then().statusCode(200);
            ask(Fixtures.client(), user.username(), "Pay 42 EUR").then().statusCode(200);
            String twin = newestPendingId(user);
            decide(user, twin, "deny").then().statusCode(204);
            // The denied one was the other client's; deny the first too and ask again.
            Fixtures.pendingOf(user)
                    .extract()
                    .jsonPath()
                    .getList("id", String.class)
                    .forEach(id -> decide(user, id, "deny").then().statusCode(204));
            ask(client, user.username(), "Pay 42 EUR").then().statusCode(200);
        }
    }

    @Nested
    @DisplayName("Issue 4: a refused request stores nothing and reaches nobody")
    class RefusalLeavesNothing {
        @Test
        void leavesNoRequestAuditEventOrNotificationRecordBehind() {
            for (int i = 0; i < PER_USER; i++) {
                ask(client, user.username(), "Request " + i).then().statusCode(200);
            }
            long[] before = storedFor(user);
            assertRefused(ask(client, user.username(), "One too many"));
            assertRefused(ask(client, user.username(), "Request 0"));
            assertThat(storedFor(user)).containsExactly(before);
        }

        @Test
        void admitsExactlyOneOfConcurrentIdenticalRequests() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Callable<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    calls.add(() -> ask(client, user.username(), "Pay 42 EUR").statusCode());
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : pool.invokeAll(calls)) {
                    statuses.add(f.get());
                }
                assertThat(statuses).containsOnly(200, 429);
                assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
                assertThat(storedFor(user)[0]).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }

        /** The user's requests, audit events and notification jobs, as stored. */
        private long[] storedFor(SignedInUser u) {
            return new long[] {
                database.number("select count(*) from backchannel_requests where user_sub = ?", u.sub()),
                database.number("select count(*) from audit_events where user_sub = ?", u.sub()),
                database.number("select count(*) from notification_jobs where user_sub = ?", u.sub())
            };
        }
    }
}
