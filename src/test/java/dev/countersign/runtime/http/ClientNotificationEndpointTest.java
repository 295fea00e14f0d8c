package dev.countersign.runtime.http;

import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.RuntimeFixtures.asAgent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.countersign.common.SecretHasher;
import dev.countersign.runtime.RunSecrets;
import dev.countersign.runtime.store.RunEntity;
import dev.countersign.runtime.store.RunRepository;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.RuntimeFixtures;
import dev.countersign.testing.TargetServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The runtime's client notification endpoint, {@code POST /v1/ciba/ping} (CIBA Core 1.0 §10.2),
 * over HTTP against runs of the embedded provider whose stored {@code client_notification_token}
 * hash is set as a ping-mode external run's would be ({@code Runs} stores it the same way). Every
 * refusal leaves the run exactly as it was.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class ClientNotificationEndpointTest {
    static final String PATH = "/v1/ciba/ping";
    static final String TOKEN = "ping-token-0123456789abcdefghijklmnopqrstuvwxyzAB";

    @Inject
    MutableClock clock;

    @Inject
    RunRepository runs;

    @Inject
    RunSecrets secrets;

    @Inject
    SecretHasher hasher;

    TargetServer target;
    String key;
    String agent;
    String action;
    SignedInUser user;
    String run;
    String authReqId;

    @BeforeEach
    void setUp() {
        clock.reset();
        target = TargetServer.start();
        action = Fixtures.uniqueName("pay");
        RuntimeFixtures.createAction(RuntimeFixtures.paymentAction(action, target.url()))
                .then()
                .statusCode(201);
        agent = Fixtures.uniqueName("agent");
        key = RuntimeFixtures.apiKey(agent);
        user = Fixtures.signedInUser();
        run = startRun(user);
        authReqId = armForPings(run, TOKEN);
    }

    @AfterEach
    void tearDown() {
        target.close();
    }

    String startRun(SignedInUser user) {
        return RuntimeFixtures.startPaymentRun(key, action, user.username());
    }

    /** Stores the token's hash on the run, and holds its next poll an hour away; its auth_req_id. */
    String armForPings(String id, String token) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RunEntity r = runs.findById(id);
            r.notificationTokenHash = hasher.hash(token);
            r.nextPollAt = RunRepository.micros(clock.instant().plus(Duration.ofHours(1)));
            return secrets.openAuthReqId(r.id, r.authReqIdSealed);
        });
    }

    Response ping(String token, String body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post(PATH);
    }

    static String body(String authReqId) {
        return "{\"auth_req_id\":\"" + authReqId + "\"}";
    }

    /** What a refusal must leave untouched. */
    record Snapshot(String status, Instant nextPollAt, Instant leaseUntil, int intervalSeconds) {}

    Snapshot snapshot(String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RunEntity r = runs.findById(id);
            return new Snapshot(r.status, r.nextPollAt, r.leaseUntil, r.intervalSeconds);
        });
    }

    ValidatableResponse refused(Response response, int status) {
        return response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status));
    }

    /** Reads the run (long-polling) until it leaves the statuses given; bounded. */
    String awaitStatusOtherThan(String id, String... statuses) {
        for (int i = 0; i < 10; i++) {
            String status = asAgent(key)
                    .get("/v1/runs/" + id + "?wait=5")
                    .then()
                    .extract()
                    .path("status");
            if (!List.of(statuses).contains(status)) {
                return status;
            }
        }
        throw new AssertionError("the run stayed in " + List.of(statuses));
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §10.2 Ping Callback: a valid ping")
    class Valid {
        @Test
        void answers204AndPollsTheRunAtOnce() throws Exception {
            ping(TOKEN, body(authReqId)).then().statusCode(204).body(equalTo(""));
            // The user has not decided: the poll it caused finds the request pending, and the run
            // waits for the next ping with only the slow safety poll (30 s) scheduled.
            Instant expected = RunRepository.micros(clock.instant().plus(Duration.ofSeconds(30)));
            Instant deadline = Instant.now().plusSeconds(10);
            // Woken (due now), then polled and rescheduled.
            while (!snapshot(run).nextPollAt().equals(expected) && Instant.now().isBefore(deadline)) {
                Thread.sleep(20); // a reschedule announces nothing to wait on
            }
            assertEquals(expected, snapshot(run).nextPollAt());
            assertEquals("AWAITING_APPROVAL", snapshot(run).status());
        }

        @Test
        void duplicateAndConcurrentPingsOfAnApprovedRunExecuteItOnce() throws Exception {
            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            List<Integer> statuses =
                    RunsEndpointTest.race(() -> ping(TOKEN, body(authReqId)).statusCode());
            assertEquals(List.of(204, 204, 204, 204, 204, 204, 204, 204), statuses);
            assertEquals("succeeded", awaitStatusOtherThan(run, "awaiting_approval", "executing"));
            ping(TOKEN, body(authReqId)).then().statusCode(204);
            assertEquals("SUCCEEDED", snapshot(run).status());
            assertEquals(1, target.calls().size(), "the token redeemed and the action run exactly once");
        }

        @Test
        void aPingOfACancelledRunIsAcceptedAndChangesNothing() {
            asAgent(key).post("/v1/runs/" + run + "/cancel").then().statusCode(200);
            Snapshot before = snapshot(run);
            ping(TOKEN, body(authReqId)).then().statusCode(204);
            assertEquals(before, snapshot(run));
        }

        @Test
        void isAudited() throws Exception {
            ping(TOKEN, body(authReqId)).then().statusCode(204);
            ping("wrong-" + TOKEN, body(authReqId)).then().statusCode(401);
            Instant deadline = Instant.now().plusSeconds(10);
            List<String> types = List.of();
            while (types.size() < 2 && Instant.now().isBefore(deadline)) {
                types = given().auth()
                        .oauth2(Fixtures.ADMIN_TOKEN)
                        .queryParam("client_id", agent)
                        .get("/admin/audit")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList(
                                "events.findAll { it.subject == '" + "run:" + run
                                        + "' && it.type.startsWith('run.ping') }.type",
                                String.class);
                Thread.sleep(100); // audit events are sealed into the chain every second
            }
            assertTrue(types.contains("run.pinged") && types.contains("run.ping_refused"), types.toString());
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §10.2: \"The Client MUST verify the client_notification_token\"")
    class Unauthenticated {
        @Test
        void noBearerTokenIs401WithABearerChallenge() {
            Snapshot before = snapshot(run);
            refused(given().contentType(ContentType.JSON).body(body(authReqId)).post(PATH), 401)
                    .header("WWW-Authenticate", "Bearer");
            refused(
                            given().header("Authorization", "Basic " + TOKEN)
                                    .contentType(ContentType.JSON)
                                    .body(body(authReqId))
                                    .post(PATH),
                            401)
                    .header("WWW-Authenticate", "Bearer");
            assertEquals(before, snapshot(run));
        }

        @Test
        void aWrongTokenIs401AndChangesNothing() {
            Snapshot before = snapshot(run);
            refused(ping("wrong-" + TOKEN, body(authReqId)), 401)
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            assertEquals(before, snapshot(run));
        }

        @Test
        void anotherRunsTokenIs401() {
            // Another user: the provider collapses a repeated prompt to one user (ADR 0005).
            String other = startRun(Fixtures.signedInUser());
            armForPings(other, "other-" + TOKEN);
            Snapshot before = snapshot(run);
            refused(ping("other-" + TOKEN, body(authReqId)), 401);
            assertEquals(before, snapshot(run));
        }

        @Test
        void anUnknownAuthReqIdGetsTheSameAnswerAsAWrongToken() {
            Response unknown = ping(TOKEN, body("no-such-auth-req-id"));
            Response wrong = ping("wrong-" + TOKEN, body(authReqId));
            refused(unknown, 401);
            assertEquals(wrong.getHeader("WWW-Authenticate"), unknown.getHeader("WWW-Authenticate"));
            assertEquals(wrong.asString(), unknown.asString());
        }
    }

    @Nested
    @DisplayName("Bad input to the client notification endpoint: a clear 4xx, nothing changed")
    class BadInput {
        @Test
        void malformedBodiesAre400() {
            Snapshot before = snapshot(run);
            for (String bad : List.of(
                    "{", "[]", "\"x\"", "{}", "{\"auth_req_id\":5}", "{\"auth_req_id\":\"\"}", body(authReqId) + "x")) {
                refused(ping(TOKEN, bad), 400);
            }
            refused(given().auth().oauth2(TOKEN).contentType(ContentType.JSON).post(PATH), 400);
            assertEquals(before, snapshot(run));
        }

        @Test
        void anOversizedBodyIs413() {
            Snapshot before = snapshot(run);
            String padded = "{\"auth_req_id\":\"" + authReqId + "\",\"pad\":\"" + "x".repeat(5000) + "\"}";
            refused(ping(TOKEN, padded), 413);
            assertEquals(before, snapshot(run));
        }

        @Test
        void aBodyThatIsNotJsonIs415() {
            Snapshot before = snapshot(run);
            refused(
                    given().auth()
                            .oauth2(TOKEN)
                            .contentType("application/x-www-form-urlencoded")
                            .body("auth_req_id=" + authReqId)
                            .post(PATH),
                    415);
            refused(
                    given().auth()
                            .oauth2(TOKEN)
                            .contentType("text/plain")
                            .body(body(authReqId))
                            .post(PATH),
                    415);
            assertEquals(before, snapshot(run));
        }
    }
}
