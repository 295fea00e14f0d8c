package dev.countersign.approval.webpush;

import static dev.countersign.testing.CibaCalls.start;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.approval.NotificationScheduler;
import dev.countersign.approval.store.NotificationJobEntity;
import dev.countersign.approval.store.NotificationJobRepository;
import dev.countersign.testing.BrowserSubscription;
import dev.countersign.testing.CibaCalls;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.NotificationJobs;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.PushService;
import dev.countersign.testing.PushService.Answer;
import dev.countersign.testing.PushService.Received;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Web Push end to end: an agent's {@code bc-authorize} makes the service push to a test push
 * service on loopback; the test checks the VAPID token against the advertised key, the RFC 8030
 * headers, and decrypts the body with the npm {@code http_ece} package (not our code).
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class WebPushEndpointTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MutableClock clock;

    @Inject
    NotificationScheduler scheduler;

    @Inject
    NotificationJobRepository jobs;

    PushService pushService;
    SignedInUser user;
    RegisteredClient client;
    BrowserSubscription phone;
    String deviceId;

    @BeforeEach
    void setUp() {
        pushService = PushService.start();
        user = Fixtures.signedInUser();
        client = Fixtures.client();
        phone = new BrowserSubscription(pushService.endpoint("/push/" + Fixtures.uniqueName("sub")));
        deviceId = phone.register(user, "My phone")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @AfterEach
    void tearDown() {
        pushService.close();
    }

    private int requests;

    /** Starts a request; each one differs, so none is refused as a duplicate of a pending one (ADR 0005). */
    String startRequest() {
        start(client, user.username(), "binding_message", "Pay 42 EUR, request " + ++requests);
        return CibaCalls.newestPendingId(user);
    }

    List<NotificationJobEntity> jobsOf(String requestId) {
        return NotificationJobs.of(jobs, requestId);
    }

    NotificationJobEntity awaitJob(String requestId, Predicate<NotificationJobEntity> condition) {
        return NotificationJobs.await(jobs, requestId, condition);
    }

    Predicate<NotificationJobEntity> waitingAfter(int attempts) {
        return j -> "PENDING".equals(j.status) && j.attempts == attempts && j.leaseUntil == null;
    }

    List<Object> devices() {
        return given().cookie("countersign_session", user.sessionCookie())
                .get("/api/me/devices")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    @Nested
    @DisplayName("RFC 8030 §5, RFC 8291, RFC 8292: the push message on the wire")
    class WireFormat {
        @Test
        void sendsAnEncryptedMessageWithAVapidTokenThatIndependentCodeVerifiesAndDecrypts() throws Exception {
            String requestId = startRequest();
            Received push = pushService.awaitCount(1).get(0);

            assertThat(push.path())
                    .isEqualTo(java.net.URI.create(phone.endpoint()).getPath());
            assertThat(push.header("Content-Encoding")).isEqualTo("aes128gcm");
            assertThat(push.header("Content-Type")).isEqualTo("application/octet-stream");
            assertThat(push.header("Urgency")).isEqualTo("high");
            assertThat(push.header("Topic")).matches("[A-Za-z0-9_-]{1,32}").isEqualTo(requestId.replace("-", ""));
            long ttl = Long.parseLong(push.header("TTL"));
            assertThat(ttl).isBetween(1L, 300L);

            String plaintext = phone.decryptWithHttpEce(push.body());
            JsonNode message = JSON.readTree(plaintext);
            assertThat(message.get("type").asText()).isEqualTo("approval_request");
            assertThat(message.get("request_id").asText()).isEqualTo(requestId);
            assertThat(message.get("title").asText()).isEqualTo("Approval needed");
            assertThat(message.get("body").asText()).isEqualTo("An agent is waiting for your decision");
            assertThat(message.get("url").asText()).isEqualTo("/app/requests/" + requestId);
            assertThat(message.size()).as("no detail beyond the contract").isEqualTo(5);
            assertThat(plaintext).doesNotContain("42 EUR");

            assertVapid(push.header("Authorization"));
            awaitJob(requestId, j -> "SENT".equals(j.status) && j.payload == null);
            assertThat(given().cookie("countersign_session", user.sessionCookie())
                            .get("/api/me/devices")
                            .then()
                            .statusCode(200)
                            .extract()
                            .<String>path("[0].last_used_at"))
                    .isNotNull();
        }

        void assertVapid(String authorization) throws Exception {
            String publicKey = given().get("/api/push/vapid-public-key")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("public_key");
            assertThat(authorization).startsWith("vapid t=").endsWith(", k=" + publicKey);
            String jwt = authorization.substring("vapid t=".length(), authorization.indexOf(", k="));
            String[] parts = jwt.split("\\.");
            assertThat(parts).hasSize(3);
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            assertThat(header.get("alg").asText()).isEqualTo("ES256");
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            assertThat(claims.get("aud").asText()).isEqualTo(pushService.origin());
            assertThat(claims.get("sub").asText()).isEqualTo("mailto:ops@example.com");
            long exp = claims.get("exp").asLong();
            long now = clock.instant().getEpochSecond();
            assertThat(exp)
                    .isGreaterThan(now)
                    .isLessThanOrEqualTo(now + Duration.ofHours(24).toSeconds());

            byte[] point = Base64.getUrlDecoder().decode(publicKey);
            assertThat(point).hasSize(65);
            assertThat(point[0]).isEqualTo((byte) 4);
            KeyFactory factory = KeyFactory.getInstance("EC");
            java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
            p.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
            ECPublicKey key = (ECPublicKey) factory.generatePublic(new ECPublicKeySpec(
                    new ECPoint(
                            new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                            new BigInteger(1, Arrays.copyOfRange(point, 33, 65))),
                    p.getParameterSpec(java.security.spec.ECParameterSpec.class)));
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2])))
                    .as("ES256 signature by the advertised key")
                    .isTrue();
        }

        @Test
        void encryptsEachMessageWithAFreshKeyAndSalt() {
            startRequest();
            startRequest();
            List<Received> both = pushService.awaitCount(2);
            byte[] first = Arrays.copyOf(both.get(0).body(), 86);
            byte[] second = Arrays.copyOf(both.get(1).body(), 86);
            // RFC 8188 §2.1 header: salt (16) || rs (4) || idlen (1) || keyid (65)
            assertThat(Arrays.copyOfRange(first, 0, 16)).isNotEqualTo(Arrays.copyOfRange(second, 0, 16));
            assertThat(Arrays.copyOfRange(first, 21, 86)).isNotEqualTo(Arrays.copyOfRange(second, 21, 86));
            assertThat(Arrays.copyOfRange(first, 16, 21)).containsExactly(0, 0, 16, 0, 65);
        }

        @Test
        void pushesToEveryDeviceOfTheUser() {
            BrowserSubscription laptop = new BrowserSubscription(pushService.endpoint("/push/laptop-" + deviceId));
            laptop.register(user, "Laptop").then().statusCode(201);
            startRequest();
            List<Received> both = pushService.awaitCount(2);
            assertThat(both)
                    .extracting(Received::path)
                    .containsExactlyInAnyOrder(
                            java.net.URI.create(phone.endpoint()).getPath(),
                            java.net.URI.create(laptop.endpoint()).getPath());
        }

        @Test
        void servesTheSameVapidKeyToEveryone() {
            String first = given().get("/api/push/vapid-public-key")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("public_key");
            String second = given().get("/api/push/vapid-public-key")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("public_key");
            assertThat(first).isEqualTo(second).matches("[A-Za-z0-9_-]{87}");
        }
    }

    @Nested
    @DisplayName("Nothing lost: the notification jobs commit with the request")
    class SameTransaction {
        @Test
        void storesTheJobBeforeBcAuthorizeAnswersEvenWhenThePushServiceFails() {
            pushService.answer(500);
            start(client, user.username(), "binding_message", "Pay 42 EUR, request " + ++requests);
            List<NotificationJobEntity> stored =
                    QuarkusTransaction.requiringNew().call(() -> jobs.list("userSub", user.sub()));

            assertThat(stored).as("stored in the request's transaction").hasSize(1);
            assertThat(stored.get(0).status).isEqualTo("PENDING");
            assertThat(stored.get(0).attempts)
                    .as("claimed for its first attempt")
                    .isEqualTo(1);
            String requestId = CibaCalls.newestPendingId(user);
            assertThat(stored.get(0).requestId).isEqualTo(requestId);
            assertThat(stored.get(0).target).isEqualTo(deviceId);
            awaitJob(requestId, waitingAfter(1));
        }
    }

    @Nested
    @DisplayName("RFC 8030 §7.3: a subscription the push service no longer knows")
    class GoneSubscriptions {
        @Test
        void removesTheDeviceWhenThePushServiceAnswers410() {
            pushService.answer(410);
            String requestId = startRequest();
            pushService.awaitCount(1);
            awaitJob(requestId, j -> "REMOVED".equals(j.status));
            assertThat(devices()).isEmpty();
        }

        @Test
        void removesTheDeviceWhenThePushServiceAnswers404() {
            pushService.answer(404);
            String requestId = startRequest();
            pushService.awaitCount(1);
            awaitJob(requestId, j -> "REMOVED".equals(j.status));
            assertThat(devices()).isEmpty();
        }
    }

    @Nested
    @DisplayName("RFC 8030 §8.4 and §5: retries with backoff")
    class Retries {
        @Test
        void retries429NoSoonerThanRetryAfter() {
            pushService.answer(new Answer(429, "120"));
            String requestId = startRequest();
            pushService.awaitCount(1);
            NotificationJobEntity waiting = awaitJob(requestId, waitingAfter(1));
            assertThat(waiting.nextAttemptAt).isAfterOrEqualTo(clock.instant().plusSeconds(119));

            clock.advance(Duration.ofSeconds(3));
            scheduler.runOnce();
            assertThat(jobsOf(requestId).get(0).attempts).as("not due yet").isEqualTo(1);

            clock.advance(Duration.ofSeconds(120));
            scheduler.runOnce();
            pushService.awaitCount(2);
            awaitJob(requestId, j -> "SENT".equals(j.status));
            assertThat(devices()).hasSize(1);
        }

        @Test
        void retries5xxAndIOFailuresWithBackoff() {
            pushService.answer(500, 503);
            String requestId = startRequest();
            pushService.awaitCount(1);
            awaitJob(requestId, waitingAfter(1));
            clock.advance(Duration.ofSeconds(3));
            scheduler.runOnce();
            pushService.awaitCount(2);
            awaitJob(requestId, waitingAfter(2));
            clock.advance(Duration.ofSeconds(3));
            scheduler.runOnce();
            pushService.awaitCount(3);
            awaitJob(requestId, j -> "SENT".equals(j.status) && j.attempts == 3);
        }

        @Test
        void givesUpAfterTheAllowedAttempts() {
            pushService.answer(500, 500, 500, 500, 500);
            String requestId = startRequest();
            // Follows the job rather than the arrivals: on a loaded machine an attempt may time out
            // before the push service has read it, and it still counts.
            for (int attempt = 1; attempt < 4; attempt++) {
                awaitJob(requestId, waitingAfter(attempt));
                clock.advance(Duration.ofSeconds(3));
                scheduler.runOnce();
            }
            NotificationJobEntity failed = awaitJob(requestId, j -> "FAILED".equals(j.status));
            assertThat(failed.attempts).isEqualTo(4);
            assertThat(failed.payload).isNull();
            int seen = pushService.received().size();
            assertThat(seen).isBetween(1, 4);
            clock.advance(Duration.ofSeconds(3));
            scheduler.runOnce();
            assertThat(jobsOf(requestId).get(0).attempts).isEqualTo(4);
            assertThat(pushService.received()).hasSize(seen);
            assertThat(devices())
                    .as("a failing push service does not remove the device")
                    .hasSize(1);
        }

        @Test
        void doesNotRetryOtherClientErrors() {
            pushService.answer(413);
            String requestId = startRequest();
            pushService.awaitCount(1);
            NotificationJobEntity failed = awaitJob(requestId, j -> "FAILED".equals(j.status));
            assertThat(failed.lastError).contains("413");
            clock.advance(Duration.ofSeconds(3));
            scheduler.runOnce();
            assertThat(pushService.received()).hasSize(1);
        }
    }
}
