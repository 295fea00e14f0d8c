package dev.countersign.ciba;

import static dev.countersign.testing.CibaCalls.CIBA_GRANT;
import static dev.countersign.testing.CibaCalls.FORM;
import static dev.countersign.testing.CibaCalls.asClient;
import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.form;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.CibaCalls.poll;
import static dev.countersign.testing.CibaCalls.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.OAuthErrors;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class CibaGrantEndpointTest {
    @Inject
    MutableClock clock;

    RegisteredClient client;
    SignedInUser user;

    @BeforeEach
    void setUp() {
        client = Fixtures.client();
        user = Fixtures.signedInUser();
    }

    void waitOneInterval() {
        clock.advance(Duration.ofSeconds(5));
    }

    static void assertError(Response r, String error) {
        OAuthErrors.assertOAuthError(r, 400, error);
        r.then().header("Pragma", "no-cache");
    }

    static JsonPath claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    static JsonPath header(String jwt) {
        String h = jwt.split("\\.")[0];
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(h), StandardCharsets.UTF_8));
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §10.1 and §11 token request while waiting")
    class Waiting {
        @Test
        void pendingRequestAnswersAuthorizationPending() {
            String authReqId = start(client, user.username());
            assertError(poll(client, authReqId), "authorization_pending");
        }

        @Test
        void pollingFasterThanTheIntervalAnswersSlowDownAndGrowsTheIntervalByFiveSeconds() {
            String authReqId = start(client, user.username());
            assertError(poll(client, authReqId), "authorization_pending");
            assertError(poll(client, authReqId), "slow_down");
            // The interval is now 10 s: after 5 s the client is still too fast ...
            clock.advance(Duration.ofSeconds(5));
            assertError(poll(client, authReqId), "slow_down");
            // ... which grew it to 15 s from that poll; waiting that long is on time.
            clock.advance(Duration.ofSeconds(15));
            assertError(poll(client, authReqId), "authorization_pending");
        }

        @Test
        void deniedRequestAnswersAccessDenied() {
            String authReqId = start(client, user.username());
            decide(user, newestPendingId(user), "deny").then().statusCode(204);
            assertError(poll(client, authReqId), "access_denied");
        }

        @Test
        void expiredRequestAnswersExpiredToken() {
            String authReqId = start(client, user.username(), "requested_expiry", "30");
            clock.advance(Duration.ofSeconds(31));
            assertError(poll(client, authReqId), "expired_token");
        }

        @Test
        void approvedButExpiredRequestAnswersExpiredToken() {
            String authReqId = start(client, user.username(), "requested_expiry", "30");
            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            clock.advance(Duration.ofSeconds(31));
            assertError(poll(client, authReqId), "expired_token");
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §10.1.1 successful token response")
    class Success {
        @Test
        void approvedRequestIsRedeemedForTokensExactlyOnce() {
            String authReqId = start(client, user.username());
            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            Response r = poll(client, authReqId);
            r.then()
                    .statusCode(200)
                    .contentType(equalTo("application/json"))
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .body("token_type", equalTo("Bearer"))
                    .body("access_token", notNullValue())
                    .body("id_token", notNullValue())
                    .body("expires_in", equalTo(300))
                    .body("scope", equalTo("openid payments"))
                    .body("refresh_token", equalTo(null));
            waitOneInterval();
            assertError(poll(client, authReqId), "invalid_grant");
        }

        @Test
        void accessTokenNamesTheUserAndTheAgent() {
            String authReqId = start(client, user.username());
            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            String accessToken = poll(client, authReqId).path("access_token");
            assertThat(header(accessToken).getString("typ")).isEqualTo("at+jwt");
            JsonPath c = claims(accessToken);
            assertThat(c.getString("sub")).isEqualTo(user.sub());
            assertThat(c.getString("client_id")).isEqualTo(client.clientId());
            assertThat(c.getString("act.sub")).isEqualTo(client.clientId());
            assertThat(c.getString("scope")).isEqualTo("openid payments");
            assertThat(c.getString("jti")).isNotBlank();
        }

        @Test
        void idTokenIsForTheClientAndTheUser() {
            String authReqId = start(client, user.username());
            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            String idToken = poll(client, authReqId).path("id_token");
            JsonPath c = claims(idToken);
            assertThat(c.getString("sub")).isEqualTo(user.sub());
            assertThat(c.getString("aud")).contains(client.clientId());
            assertThat(c.getString("at_hash")).isNotBlank();
            assertThat(c.getLong("auth_time")).isPositive();
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §11 invalid_grant")
    class InvalidGrant {
        @Test
        void unknownAuthReqIdIsInvalidGrant() {
            assertError(poll(client, "not-an-auth-req-id"), "invalid_grant");
        }

        @Test
        void anotherClientsAuthReqIdIsInvalidGrantAndDoesNotDisturbTheOwner() {
            String authReqId = start(client, user.username());
            RegisteredClient thief = Fixtures.client();
            assertError(poll(thief, authReqId), "invalid_grant");
            assertError(poll(thief, authReqId), "invalid_grant");
            // The owner's pacing was not touched: its first poll is on time.
            assertError(poll(client, authReqId), "authorization_pending");
            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            assertError(poll(thief, authReqId), "invalid_grant");
            waitOneInterval();
            poll(client, authReqId).then().statusCode(200);
        }

        @Test
        void missingAuthReqIdIsInvalidRequest() {
            Response r = asClient(client)
                    .contentType(FORM)
                    .body(form("grant_type", CIBA_GRANT))
                    .post("/token");
            assertError(r, "invalid_request");
        }

        @Test
        void unknownGrantTypeIsUnsupportedGrantType() {
            Response r = asClient(client)
                    .contentType(FORM)
                    .body(form("grant_type", "urn:example:made-up"))
                    .post("/token");
            assertError(r, "unsupported_grant_type");
        }
    }

    @Nested
    @DisplayName("Exactly once under concurrency")
    class Concurrency {
        @Test
        void fiftySimultaneousPollsAtApprovalYieldExactlyOneTokenResponse() throws Exception {
            String authReqId = start(client, user.username());
            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            List<Response> responses = race(50, () -> poll(client, authReqId));
            long tokens = responses.stream().filter(r -> r.statusCode() == 200).count();
            assertThat(tokens).isEqualTo(1);
            assertThat(responses).filteredOn(r -> r.statusCode() != 200).allSatisfy(r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.<String>path("error")).isIn("slow_down", "invalid_grant");
            });
        }

        @Test
        void twoSimultaneousDecisionsHaveExactlyOneWinner() throws Exception {
            start(client, user.username());
            String id = newestPendingId(user);
            List<Response> responses = race(2, () -> decide(user, id, "approve"));
            assertThat(responses).filteredOn(r -> r.statusCode() == 204).hasSize(1);
            assertThat(responses).filteredOn(r -> r.statusCode() == 409).hasSize(1);
        }

        @Test
        void approveAndDenyAtOnceHaveExactlyOneWinner() throws Exception {
            String authReqId = start(client, user.username());
            String id = newestPendingId(user);
            List<Response> responses = race(
                    2,
                    new java.util.concurrent.atomic.AtomicInteger()::getAndIncrement,
                    i -> decide(user, id, i == 0 ? "approve" : "deny"));
            assertThat(responses).filteredOn(r -> r.statusCode() == 204).hasSize(1);
            Response answer = poll(client, authReqId);
            assertThat(answer.statusCode() == 200 || "access_denied".equals(answer.path("error")))
                    .isTrue();
        }

        private List<Response> race(int n, java.util.concurrent.Callable<Response> call) throws Exception {
            return race(n, () -> 0, i -> call.call());
        }

        private List<Response> race(
                int n, java.util.function.IntSupplier index, ThrowingFunction<Integer, Response> call)
                throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Response>> futures = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int mine = index.getAsInt();
                    futures.add(pool.submit(() -> {
                        go.await();
                        return call.apply(mine);
                    }));
                }
                go.countDown();
                List<Response> out = new ArrayList<>();
                for (Future<Response> f : futures) {
                    out.add(f.get(60, TimeUnit.SECONDS));
                }
                return out;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @FunctionalInterface
    interface ThrowingFunction<T, R> {
        R apply(T t) throws Exception;
    }
}
