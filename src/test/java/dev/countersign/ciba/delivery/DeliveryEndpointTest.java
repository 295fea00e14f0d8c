package dev.countersign.ciba.delivery;

import static dev.countersign.testing.CibaCalls.bcAuthorize;
import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.form;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.CibaCalls.poll;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.nimbusds.jwt.SignedJWT;
import dev.countersign.provider.IndependentVerifier;
import dev.countersign.testing.CibaCalls;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.NotificationReceiver;
import dev.countersign.testing.NotificationReceiver.Received;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class DeliveryEndpointTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    MutableClock clock;

    @Inject
    DeliveryScheduler scheduler;

    @Inject
    DeliveryAttempts attempts;

    NotificationReceiver receiver;
    SignedInUser user;
    String notificationToken;

    @BeforeEach
    void setUp() {
        receiver = NotificationReceiver.start();
        user = Fixtures.signedInUser();
        notificationToken = "cnt-" + UUID.randomUUID() + "-a.b_c~d+e/f==";
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    RegisteredClient client(String mode) {
        return Fixtures.client(Map.of(
                "backchannel_token_delivery_mode", mode, "backchannel_client_notification_endpoint", receiver.url()));
    }

    /** Starts a request with our notification token; returns its auth_req_id. */
    String start(RegisteredClient client, String... extra) {
        String[] pairs = new String[6 + extra.length];
        System.arraycopy(
                new String[] {
                    "scope",
                    "openid payments",
                    "login_hint",
                    user.username(),
                    "client_notification_token",
                    notificationToken
                },
                0,
                pairs,
                0,
                6);
        System.arraycopy(extra, 0, pairs, 6, extra.length);
        Response r = bcAuthorize(client, form(pairs));
        r.then().statusCode(200);
        return r.path("auth_req_id");
    }

    List<Received> awaitDeliveries(int count) {
        return receiver.await(
                all -> all.stream()
                                .filter(r -> ("Bearer " + notificationToken).equals(r.authorization()))
                                .count()
                        >= count,
                WAIT);
    }

    List<Received> mine() {
        return receiver.receivedWith(notificationToken);
    }

    /** Moves the clock past the longest retry wait and lets the scheduler run. */
    void nextRetry() {
        clock.advance(Duration.ofSeconds(3));
        scheduler.runOnce();
    }

    static JsonPath json(String body) {
        return JsonPath.from(body);
    }

    static void assertOAuthError(Response r, int status, String error) {
        r.then().statusCode(status).header("Cache-Control", "no-store").body("error", equalTo(error));
    }

    static String leftHalfHash(String token) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §10.2 Ping Callback")
    class Ping {
        @Test
        void approvalPingsTheAuthReqIdWithTheBearerTokenAndTheClientRedeemsItOnce() {
            RegisteredClient client = client("ping");
            String authReqId = start(client);
            decide(user, newestPendingId(user), "approve").then().statusCode(204);

            Received ping = awaitDeliveries(1).stream()
                    .filter(r -> ("Bearer " + notificationToken).equals(r.authorization()))
                    .findFirst()
                    .orElseThrow();
            assertThat(ping.contentType()).isEqualTo("application/json");
            assertThat(ping.body()).isEqualTo("{\"auth_req_id\":\"" + authReqId + "\"}");

            poll(client, authReqId).then().statusCode(200).body("token_type", equalTo("Bearer"));
            assertOAuthError(poll(client, authReqId), 400, "invalid_grant");
            assertThat(mine()).hasSize(1);
        }

        @Test
        void denialPingsAndTheTokenRequestAnswersAccessDenied() {
            RegisteredClient client = client("ping");
            String authReqId = start(client);
            decide(user, newestPendingId(user), "deny").then().statusCode(204);

            assertThat(json(awaitDeliveries(1).get(0).body()).getString("auth_req_id"))
                    .isNotNull();
            assertThat(mine().get(0).body()).isEqualTo("{\"auth_req_id\":\"" + authReqId + "\"}");
            assertOAuthError(poll(client, authReqId), 400, "access_denied");
        }

        @Test
        void expiryPingsAndTheTokenRequestAnswersExpiredToken() {
            RegisteredClient client = client("ping");
            String authReqId = start(client, "requested_expiry", "30");
            clock.advance(Duration.ofSeconds(31));
            scheduler.runOnce();

            awaitDeliveries(1);
            assertThat(mine().get(0).body()).isEqualTo("{\"auth_req_id\":\"" + authReqId + "\"}");
            assertOAuthError(poll(client, authReqId), 400, "expired_token");
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §10.3 Push Callback")
    class Push {
        @Test
        void approvalPushesTheTokenResponseWithAnIdTokenBindingAuthReqIdAndAccessToken() throws Exception {
            RegisteredClient client = client("push");
            String authReqId = start(client);
            decide(user, newestPendingId(user), "approve").then().statusCode(204);

            Received push = awaitDeliveries(1).stream()
                    .filter(r -> ("Bearer " + notificationToken).equals(r.authorization()))
                    .findFirst()
                    .orElseThrow();
            assertThat(push.contentType()).isEqualTo("application/json");
            JsonPath body = json(push.body());
            assertThat(body.getString("auth_req_id")).isEqualTo(authReqId);
            assertThat(body.getString("token_type")).isEqualTo("Bearer");
            assertThat(body.getLong("expires_in")).isPositive();
            assertThat(body.getString("refresh_token")).isNull();

            SignedJWT idToken = IndependentVerifier.verify(body.getString("id_token"));
            var claims = idToken.getJWTClaimsSet();
            assertThat(claims.getAudience()).containsExactly(client.clientId());
            assertThat(claims.getSubject()).isEqualTo(user.sub());
            assertThat(claims.getStringClaim("urn:openid:params:jwt:claim:auth_req_id"))
                    .isEqualTo(authReqId);
            assertThat(claims.getStringClaim("at_hash")).isEqualTo(leftHalfHash(body.getString("access_token")));
            assertThat(claims.getClaim("urn:openid:params:jwt:claim:rt_hash"))
                    .as("no refresh token, no rt_hash")
                    .isNull();
            IndependentVerifier.verify(body.getString("access_token"));
        }

        @Test
        void aPushedRefreshTokenIsBoundByRtHashInTheIdToken() throws Exception {
            RegisteredClient client = Fixtures.client(Map.of(
                    "backchannel_token_delivery_mode",
                    "push",
                    "backchannel_client_notification_endpoint",
                    receiver.url(),
                    "grant_types",
                    List.of(CibaCalls.CIBA_GRANT, "refresh_token"),
                    "scope",
                    "openid offline_access"));
            bcAuthorize(
                            client,
                            form(
                                    "scope",
                                    "openid offline_access",
                                    "login_hint",
                                    user.username(),
                                    "client_notification_token",
                                    notificationToken))
                    .then()
                    .statusCode(200);
            decide(user, newestPendingId(user), "approve").then().statusCode(204);

            JsonPath body = json(awaitDeliveries(1).get(0).body());
            String refreshToken = body.getString("refresh_token");
            assertThat(refreshToken).isNotBlank();
            var claims = IndependentVerifier.verify(body.getString("id_token")).getJWTClaimsSet();
            // CIBA Core 1.0 §10.3.1: rt_hash is REQUIRED when a refresh token is pushed.
            assertThat(claims.getStringClaim("urn:openid:params:jwt:claim:rt_hash"))
                    .isEqualTo(leftHalfHash(refreshToken));
        }

        @Test
        void denialPushesTheAccessDeniedErrorPayload() {
            RegisteredClient client = client("push");
            String authReqId = start(client);
            decide(user, newestPendingId(user), "deny").then().statusCode(204);

            JsonPath body = json(awaitDeliveries(1).stream()
                    .filter(r -> ("Bearer " + notificationToken).equals(r.authorization()))
                    .findFirst()
                    .orElseThrow()
                    .body());
            assertThat(body.getMap("")).containsOnlyKeys("auth_req_id", "error", "error_description");
            assertThat(body.getString("auth_req_id")).isEqualTo(authReqId);
            assertThat(body.getString("error")).isEqualTo("access_denied");
        }

        @Test
        void expiryPushesTheExpiredTokenErrorPayload() {
            RegisteredClient client = client("push");
            String authReqId = start(client, "requested_expiry", "30");
            clock.advance(Duration.ofSeconds(31));
            scheduler.runOnce();

            JsonPath body = json(awaitDeliveries(1).get(0).body());
            assertThat(json(mine().get(0).body()).getString("auth_req_id")).isEqualTo(authReqId);
            assertThat(json(mine().get(0).body()).getString("error")).isEqualTo("expired_token");
            assertThat(body).isNotNull();
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §11 a push-mode client can never poll")
    class PushClientsCannotPoll {
        @Test
        void tokenRequestOfAPushClientIsUnauthorizedClientBeforeAndAfterApproval() {
            RegisteredClient client = client("push");
            String authReqId = start(client);
            assertOAuthError(poll(client, authReqId), 400, "unauthorized_client");

            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            awaitDeliveries(1);
            assertOAuthError(poll(client, authReqId), 400, "unauthorized_client");
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7.1 client_notification_token")
    class NotificationToken {
        void refused(RegisteredClient client, String body, String description) {
            bcAuthorize(client, body)
                    .then()
                    .statusCode(400)
                    .header("Cache-Control", "no-store")
                    .body("error", equalTo("invalid_request"))
                    .body("error_description", org.hamcrest.Matchers.containsString(description));
            Fixtures.pendingOf(user).body("size()", equalTo(0));
        }

        @Test
        void isRequiredForPingAndPushClients() {
            for (String mode : List.of("ping", "push")) {
                refused(
                        client(mode),
                        form("scope", "openid", "login_hint", user.username()),
                        "client_notification_token is required");
            }
        }

        @Test
        void mustNotExceed1024Characters() {
            refused(
                    client("ping"),
                    form(
                            "scope",
                            "openid",
                            "login_hint",
                            user.username(),
                            "client_notification_token",
                            "a".repeat(1025)),
                    "1024");
        }

        @Test
        void acceptsExactly1024Characters() {
            bcAuthorize(
                            client("ping"),
                            form(
                                    "scope",
                                    "openid",
                                    "login_hint",
                                    user.username(),
                                    "client_notification_token",
                                    "a".repeat(1024)))
                    .then()
                    .statusCode(200);
        }

        @Test
        void mustBeAnRfc6750BearerToken() {
            for (String bad : List.of("has space", "quote\"", "x=y", "é", "a,b", "tab\t", "=leading")) {
                refused(
                        client("push"),
                        form("scope", "openid", "login_hint", user.username(), "client_notification_token", bad),
                        "RFC 6750");
            }
        }

        @Test
        void isIgnoredForPollClients() {
            RegisteredClient poll = Fixtures.client();
            bcAuthorize(
                            poll,
                            form(
                                    "scope",
                                    "openid",
                                    "login_hint",
                                    user.username(),
                                    "client_notification_token",
                                    "not valid at all"))
                    .then()
                    .statusCode(200);
        }
    }

    @Nested
    @DisplayName("Delivery: retries until exactly one token response reaches the client")
    class Retries {
        @Test
        void serverErrorsTimeoutsAndRefusedConnectionsAreRetriedUntilOneSucceeds() {
            RegisteredClient client = client("push");
            start(client);
            receiver.answer(500, NotificationReceiver.HANG);
            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            awaitDeliveries(1);
            awaitFailedAttempts(client, 1);

            nextRetry();
            awaitDeliveries(2);
            awaitFailedAttempts(client, 2);
            receiver.stop();
            nextRetry();
            awaitFailedAttempts(client, 3);
            receiver.restart();
            nextRetry();
            awaitDeliveries(3);
            awaitStatus("delivered");

            List<Received> all = mine();
            assertThat(all.stream().filter(r -> r.answeredWith() == 204)).hasSize(1);
            assertThat(all.stream().map(Received::body).distinct())
                    .as("the same tokens every time")
                    .hasSize(1);
            nextRetry();
            assertThat(mine()).hasSize(3);
        }

        @Test
        void finalFailureIsMarkedAuditedListedAndRetriedByTheOperatorWithTheSameTokens() {
            RegisteredClient client = client("push");
            start(client);
            receiver.answer(500, 503, 404, 502);
            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            awaitDeliveries(1);
            for (int attempt = 2; attempt <= 4; attempt++) {
                awaitFailedAttempts(client, attempt - 1);
                nextRetry();
                awaitDeliveries(attempt);
            }
            Map<String, Object> failed = awaitStatus("failed");
            assertThat(failed.get("attempts")).isEqualTo(4);
            assertThat(failed.get("last_error")).isEqualTo("the endpoint answered HTTP 502");
            String id = (String) failed.get("id");

            nextRetry();
            assertThat(mine()).hasSize(4);
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .get("/admin/audit?type=delivery.failed&client_id=" + client.clientId())
                    .then()
                    .statusCode(200)
                    .body("events.size()", equalTo(1))
                    .body("events[0].detail.attempt", equalTo("4"));

            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .post("/admin/deliveries/" + id + "/retry")
                    .then()
                    .statusCode(204);
            awaitDeliveries(5);
            awaitStatus("delivered");
            assertThat(mine().stream().map(Received::body).distinct()).hasSize(1);
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .post("/admin/deliveries/" + id + "/retry")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json");
        }

        @Test
        void deletingTheClientCancelsItsPendingDeliveriesAndDropsThePushedTokens() {
            RegisteredClient client = client("push");
            start(client);
            receiver.answer(500);
            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            awaitFailedAttempts(client, 1);

            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .delete("/admin/clients/" + client.clientId())
                    .then()
                    .statusCode(204);
            Map<String, Object> cancelled = awaitStatus("failed");
            assertThat(cancelled.get("last_error")).isEqualTo("the client was deleted");
            nextRetry();
            assertThat(mine()).as("nothing more is sent to a deleted client").hasSize(1);
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .post("/admin/deliveries/" + cancelled.get("id") + "/retry")
                    .then()
                    .statusCode(409);
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .get("/admin/audit?type=delivery.cancelled&client_id=" + client.clientId())
                    .then()
                    .statusCode(200)
                    .body("events.size()", equalTo(1));
        }

        @Test
        void concurrentAttemptsOfOneDueJobPostOnce() throws Exception {
            RegisteredClient client = client("push");
            start(client);
            receiver.answer(500);
            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            awaitFailedAttempts(client, 1);
            String id = (String) awaitStatus("pending").get("id");
            clock.advance(Duration.ofSeconds(3));

            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> racers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    racers.add(pool.submit(() -> {
                        go.await();
                        attempts.attempt(id);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> racer : racers) {
                    racer.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            awaitStatus("delivered");
            assertThat(mine()).hasSize(2);
            assertThat(mine().get(1).answeredWith()).isEqualTo(204);
        }

        /** The job of this test's request, as the operator API shows it, once it is in this status. */
        Map<String, Object> awaitStatus(String status) {
            Duration step = Duration.ofMillis(20);
            for (long waited = 0; waited < WAIT.toMillis(); waited += step.toMillis()) {
                List<Map<String, Object>> jobs = given().auth()
                        .oauth2(Fixtures.ADMIN_TOKEN)
                        .get("/admin/deliveries?status=" + status + "&limit=500")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("deliveries");
                var mineNow = jobs.stream()
                        .filter(j -> receiver.url().equals(j.get("endpoint")))
                        .toList();
                if (!mineNow.isEmpty()) {
                    return mineNow.get(0);
                }
                pause(step);
            }
            throw new AssertionError("no delivery to " + receiver.url() + " became " + status);
        }

        /** Waits until this many failed attempts of the client's delivery are recorded (and audited). */
        void awaitFailedAttempts(RegisteredClient client, int failed) {
            Duration step = Duration.ofMillis(20);
            for (long waited = 0; waited < WAIT.toMillis(); waited += step.toMillis()) {
                int recorded = given().auth()
                        .oauth2(Fixtures.ADMIN_TOKEN)
                        .get("/admin/audit?type=delivery.attempt_failed&client_id=" + client.clientId())
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("events.size()");
                if (recorded >= failed) {
                    return;
                }
                pause(step);
            }
            throw new AssertionError("the delivery did not record " + failed + " failed attempts");
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
