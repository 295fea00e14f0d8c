package dev.countersign.ciba;

import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.CibaCalls.poll;
import static dev.countersign.testing.CibaCalls.start;
import static dev.countersign.testing.RuntimeFixtures.asAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.countersign.approval.store.NotificationJobRepository;
import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.testing.BrowserSubscription;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.PushService;
import dev.countersign.testing.RuntimeFixtures;
import dev.countersign.testing.TargetServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 "If a user has no device at all, the request still appears in the app, and the agent is
 * told clearly (through the request's status, not a vague invalid_request)", and issue 5: an agent
 * can tell "the user has no device". The fan-out to devices runs after the request committed, so
 * each test awaits its outcome (bounded) before asking.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class NoDeviceEndpointTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MutableClock clock;

    @Inject
    BackchannelRequestRepository requests;

    @Inject
    NotificationJobRepository jobs;

    RegisteredClient client;
    SignedInUser user;

    @BeforeEach
    void setUp() {
        clock.reset();
        client = Fixtures.client();
        user = Fixtures.signedInUser();
    }

    boolean unreached(String requestId) {
        return QuarkusTransaction.requiringNew().call(() -> requests.findById(requestId).unreachedAt != null);
    }

    boolean everyJobEnded(String requestId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var found = jobs.findByRequest(requestId);
            return !found.isEmpty() && found.stream().noneMatch(j -> "PENDING".equals(j.status));
        });
    }

    static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static void assertPending(Response r, String description) {
        r.then()
                .statusCode(400)
                .header("Cache-Control", "no-store")
                .body("error", equalTo("authorization_pending"))
                .body("error_description", equalTo(description));
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §11 authorization_pending says that no device was notified")
    class TokenEndpoint {
        @Test
        void aRequestForAUserWithoutADeviceAnswersPendingSayingTheUserHasNoDevice() {
            String authReqId = start(client, user.username());
            String id = newestPendingId(user);
            await("the fan-out never marked the request unreached", () -> unreached(id));
            assertPending(poll(client, authReqId), DeviceReach.NO_DEVICE_DESCRIPTION);
            // Still listed in the approval app, and still decidable there.
            Fixtures.pendingOf(user).body("id", hasItem(id));
            decide(user, id, "approve").then().statusCode(204);
            clock.advance(Duration.ofSeconds(5));
            poll(client, authReqId).then().statusCode(200);
        }

        @Test
        void aRequestThatReachedADeviceAnswersThePlainPendingDescription() {
            try (PushService push = PushService.start()) {
                new BrowserSubscription(push.endpoint("/push/" + Fixtures.uniqueName("sub")))
                        .register(user, "My phone")
                        .then()
                        .statusCode(201);
                String authReqId = start(client, user.username());
                String id = newestPendingId(user);
                await("the push was never sent", () -> everyJobEnded(id));
                assertThat(unreached(id)).isFalse();
                assertPending(poll(client, authReqId), "the user has not decided yet");
            }
        }

        @Test
        void aRequestWhoseOnlyDeviceIsGoneAnswersPendingSayingTheUserHasNoDevice() {
            try (PushService push = PushService.start()) {
                new BrowserSubscription(push.endpoint("/push/" + Fixtures.uniqueName("sub")))
                        .register(user, "Old phone")
                        .then()
                        .statusCode(201);
                push.answer(410);
                String authReqId = start(client, user.username());
                String id = newestPendingId(user);
                await("the gone device never marked the request unreached", () -> unreached(id));
                assertPending(poll(client, authReqId), DeviceReach.NO_DEVICE_DESCRIPTION);
            }
        }
    }

    @Nested
    @DisplayName("Issue 5: a run awaiting approval says why it waits")
    class RunsApi {
        @Test
        void aRunForAUserWithoutADeviceAwaitsApprovalWithTheReasonUserHasNoDevice() {
            try (TargetServer target = TargetServer.start()) {
                String action = Fixtures.uniqueName("pay");
                RuntimeFixtures.createAction(RuntimeFixtures.paymentAction(action, target.url()))
                        .then()
                        .statusCode(201);
                String key = RuntimeFixtures.apiKey(Fixtures.uniqueName("agent"));
                String run = asAgent(key)
                        .contentType(ContentType.JSON)
                        .body(Map.of(
                                "action",
                                action,
                                "user",
                                user.username(),
                                "params",
                                Map.of("account", "bob", "amount", "42.00")))
                        .post("/v1/runs")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("id");
                String id = newestPendingId(user);
                await("the fan-out never marked the request unreached", () -> unreached(id));
                asAgent(key)
                        .get("/v1/runs/" + run)
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("awaiting_approval"))
                        .body("reason", equalTo(DeviceReach.NO_DEVICE_REASON));
                // The user opens the app anyway and approves: the run goes on, the reason goes.
                decide(user, id, "approve").then().statusCode(204);
                await(
                        "the run never finished",
                        () -> !java.util.List.of("awaiting_approval", "executing")
                                .contains(asAgent(key)
                                        .get("/v1/runs/" + run + "?wait=5")
                                        .<String>path("status")));
                asAgent(key)
                        .get("/v1/runs/" + run)
                        .then()
                        .body("status", equalTo("succeeded"))
                        .body("reason", equalTo("target_status:201"));
            }
        }
    }
}
