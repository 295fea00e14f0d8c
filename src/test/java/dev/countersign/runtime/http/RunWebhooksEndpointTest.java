package dev.countersign.runtime.http;

import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.RuntimeFixtures.asAgent;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.runtime.store.RunWebhookEntity;
import dev.countersign.runtime.store.RunWebhookRepository;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.RuntimeFixtures;
import dev.countersign.testing.TargetServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The webhook to a run's {@code callback_url}, end to end: a loopback receiver gets the run's view
 * once per final status, signed in the approval webhook's format, which the test verifies with its
 * own HMAC; 5xx is retried, 4xx is not.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class RunWebhooksEndpointTest {
    private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+), v1=([0-9a-f]{64})");

    @Inject
    RunWebhookRepository webhooks;

    @Inject
    ObjectMapper json;

    @Inject
    MutableClock clock;

    TargetServer target;
    TargetServer receiver;
    String action;
    String agent;
    String key;
    String webhookSecret;
    SignedInUser user;

    @BeforeEach
    void setUp() {
        clock.reset();
        target = TargetServer.start();
        receiver = TargetServer.start();
        receiver.answer(204, "");
        action = Fixtures.uniqueName("pay");
        RuntimeFixtures.createAction(RuntimeFixtures.paymentAction(action, target.url()))
                .then()
                .statusCode(201);
        agent = Fixtures.uniqueName("agent");
        var issued = given().auth()
                .oauth2(Fixtures.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of("agent", agent))
                .post("/admin/api-keys")
                .then()
                .statusCode(201)
                .extract();
        key = issued.path("key");
        webhookSecret = issued.path("webhook_secret");
        user = Fixtures.signedInUser();
    }

    @AfterEach
    void tearDown() {
        target.close();
        receiver.close();
    }

    String start(boolean withCallback) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", action);
        body.put("user", user.username());
        body.put("params", Map.of("account", "bob", "amount", "42.00"));
        if (withCallback) {
            body.put("callback_url", receiver.url() + "/hook");
        }
        return asAgent(key)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    void decideNewest(String decision) {
        decide(user, newestPendingId(user), decision).then().statusCode(204);
    }

    RunWebhookEntity webhook(String runId) {
        return QuarkusTransaction.requiringNew().call(() -> webhooks.findById(runId));
    }

    /** Waits (bounded) until the run's webhook row satisfies the condition. */
    RunWebhookEntity awaitWebhook(String runId, Predicate<RunWebhookEntity> done) throws InterruptedException {
        long until = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < until) {
            RunWebhookEntity w = webhook(runId);
            if (w != null && done.test(w)) {
                return w;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "the webhook of run " + runId + " did not reach the expected state: " + webhook(runId));
    }

    /** Verifies the signature as an agent would: HMAC-SHA-256 of "t.body" under its secret. */
    void assertSigned(TargetServer.Call call) throws Exception {
        assertNotNull(call.signature(), "the webhook is signed");
        Matcher m = SIGNATURE.matcher(call.signature());
        assertTrue(m.matches(), "t=<seconds>, v1=<hex>: " + call.signature());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((m.group(1) + "." + call.body()).getBytes(StandardCharsets.UTF_8));
        assertTrue(
                MessageDigest.isEqual(expected, HexFormat.of().parseHex(m.group(2))),
                "the signature verifies with the agent's webhook secret");
        long age = Instant.now().getEpochSecond() - Long.parseLong(m.group(1));
        assertTrue(age >= -5 && age < 120, "the timestamp is fresh");
    }

    @Nested
    @DisplayName("The webhook of a final status")
    class Delivered {
        @Test
        void anApprovedRunIsAnnouncedOnceSignedWithItsView() throws Exception {
            String id = start(true);
            decideNewest("approve");
            RunWebhookEntity w = awaitWebhook(id, x -> x.status.equals(RunWebhookRepository.SENT));
            assertEquals(1, w.attempts);
            List<TargetServer.Call> calls = receiver.calls();
            assertEquals(1, calls.size(), "one webhook");
            TargetServer.Call call = calls.get(0);
            assertEquals("POST", call.method());
            assertEquals("/hook", call.rawPath());
            assertSigned(call);
            JsonNode body = json.readTree(call.body());
            assertEquals(id, body.path("id").asText());
            assertEquals("succeeded", body.path("status").asText());
            assertEquals("target_status:201", body.path("reason").asText());
            assertEquals(201, body.path("result").path("status").asInt());
            assertTrue(body.path("token").isMissingNode(), "no token in a webhook");
            assertEquals(1, target.calls().size(), "the target was called once");
        }

        @Test
        void theAgentReadsTheSameSecretItWasIssued() {
            asAgent(key)
                    .get("/v1/webhook-secret")
                    .then()
                    .statusCode(200)
                    .header("Cache-Control", org.hamcrest.Matchers.containsString("no-store"))
                    .body("webhook_secret", org.hamcrest.Matchers.equalTo(webhookSecret));
            assertTrue(webhookSecret.startsWith("whsec_"));
        }

        @Test
        void aDeniedRunIsAnnouncedAsDenied() throws Exception {
            String id = start(true);
            decideNewest("deny");
            awaitWebhook(id, x -> x.status.equals(RunWebhookRepository.SENT));
            List<TargetServer.Call> calls = receiver.calls();
            assertEquals(1, calls.size());
            assertSigned(calls.get(0));
            assertEquals(
                    "denied", json.readTree(calls.get(0).body()).path("status").asText());
            assertEquals(0, target.calls().size(), "a denied run calls no target");
        }

        @Test
        void aCancelledRunIsAnnouncedOnceEvenIfCancelledTwice() throws Exception {
            String id = start(true);
            asAgent(key).post("/v1/runs/" + id + "/cancel").then().statusCode(200);
            asAgent(key).post("/v1/runs/" + id + "/cancel").then().statusCode(409);
            awaitWebhook(id, x -> x.status.equals(RunWebhookRepository.SENT));
            assertEquals(1, receiver.calls().size());
            assertEquals(
                    "cancelled",
                    json.readTree(receiver.calls().get(0).body()).path("status").asText());
        }

        @Test
        void aRunWithoutCallbackSendsNothing() {
            String id = start(false);
            asAgent(key).post("/v1/runs/" + id + "/cancel").then().statusCode(200);
            assertNull(webhook(id), "no webhook stored");
        }
    }

    @Nested
    @DisplayName("Retries")
    class Retries {
        @Test
        void a5xxIsRetriedUntilTheReceiverTakesIt() throws Exception {
            receiver.answer(503, "");
            String id = start(true);
            asAgent(key).post("/v1/runs/" + id + "/cancel").then().statusCode(200);
            RunWebhookEntity failed = awaitWebhook(id, x -> x.attempts >= 1 && x.leaseUntil == null);
            assertEquals(RunWebhookRepository.PENDING, failed.status);
            assertEquals(503, failed.lastStatus);
            receiver.answer(200, "");
            clock.advance(Duration.ofSeconds(3)); // beyond the first backoff (at most 2 s with jitter)
            RunWebhookEntity sent = awaitWebhook(id, x -> x.status.equals(RunWebhookRepository.SENT));
            List<TargetServer.Call> calls = receiver.calls();
            assertEquals(sent.attempts, calls.size(), "one request per attempt");
            assertTrue(calls.size() >= 2, "retried after the 503");
            for (TargetServer.Call call : calls) {
                assertSigned(call);
            }
        }

        @Test
        void a4xxIsNotRetried() throws Exception {
            receiver.answer(400, "");
            String id = start(true);
            asAgent(key).post("/v1/runs/" + id + "/cancel").then().statusCode(200);
            RunWebhookEntity w = awaitWebhook(id, x -> x.status.equals(RunWebhookRepository.FAILED));
            assertEquals(1, w.attempts);
            assertEquals(400, w.lastStatus);
            assertEquals(1, receiver.calls().size());
        }
    }
}
