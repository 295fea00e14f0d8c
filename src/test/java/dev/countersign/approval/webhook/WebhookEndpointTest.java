package dev.countersign.approval.webhook;

import static dev.countersign.testing.CibaCalls.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.approval.NotificationScheduler;
import dev.countersign.approval.store.NotificationJobEntity;
import dev.countersign.approval.store.NotificationJobRepository;
import dev.countersign.testing.CibaCalls;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PushService;
import dev.countersign.testing.PushService.Received;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The operator's webhook: every new request is POSTed as signed JSON; the test recomputes the
 * HMAC-SHA-256 signature itself; failures are retried durably like pushes.
 */
@QuarkusTest
@WithTestResource(value = WebhookReceiverResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class WebhookEndpointTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern SIGNATURE = Pattern.compile("t=(\\d+), v1=([0-9a-f]{64})");

    PushService receiver;

    @Inject
    MutableClock clock;

    @Inject
    NotificationScheduler scheduler;

    @Inject
    NotificationJobRepository jobs;

    SignedInUser user;
    RegisteredClient client;
    int before;

    @BeforeEach
    void setUp() {
        user = Fixtures.signedInUser();
        client = Fixtures.client();
        before = receiver.received().size();
    }

    String startRequest() {
        start(client, user.username(), "binding_message", "Pay 42 EUR");
        return CibaCalls.newestPendingId(user);
    }

    List<Received> mine(int count) {
        return receiver.awaitCount(before + count).subList(before, before + count);
    }

    NotificationJobEntity awaitJob(String requestId, java.util.function.Predicate<NotificationJobEntity> condition)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            List<NotificationJobEntity> found =
                    QuarkusTransaction.requiringNew().call(() -> jobs.findByRequest(requestId));
            if (found.size() == 1 && condition.test(found.get(0))) {
                return found.get(0);
            }
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(10);
        }
    }

    static String hmacHex(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Nested
    @DisplayName("Signed JSON to the operator's URL")
    class Format {
        @Test
        void postsTheRequestSignedWithTheSharedSecret() throws Exception {
            String requestId = startRequest();
            Received hook = mine(1).get(0);
            String body = new String(hook.body(), StandardCharsets.UTF_8);

            assertThat(hook.path()).isEqualTo("/hooks/countersign");
            assertThat(hook.header("Content-Type")).isEqualTo("application/json");
            Matcher signature = SIGNATURE.matcher(hook.header("X-Countersign-Signature"));
            assertThat(signature.matches()).isTrue();
            long t = Long.parseLong(signature.group(1));
            assertThat(t).isEqualTo(clock.instant().getEpochSecond());
            String expected = hmacHex(WebhookReceiverResource.SECRET, t + "." + body);
            assertThat(MessageDigest.isEqual(
                            expected.getBytes(StandardCharsets.US_ASCII),
                            signature.group(2).getBytes(StandardCharsets.US_ASCII)))
                    .as("signature recomputed independently")
                    .isTrue();
            assertThat(hmacHex("another-secret-0123456789", t + "." + body)).isNotEqualTo(signature.group(2));

            JsonNode event = JSON.readTree(body);
            assertThat(event.get("type").asText()).isEqualTo("approval_request");
            assertThat(event.get("request_id").asText()).isEqualTo(requestId);
            assertThat(event.get("user_sub").asText()).isEqualTo(user.sub());
            assertThat(event.get("client_id").asText()).isEqualTo(client.clientId());
            assertThat(event.get("client_name").asText()).isEqualTo("Test agent");
            assertThat(event.get("binding_message").asText()).isEqualTo("Pay 42 EUR");
            assertThat(event.get("expires_at").asLong())
                    .isGreaterThan(event.get("created_at").asLong());
            awaitJob(requestId, j -> "SENT".equals(j.status));
        }
    }

    @Nested
    @DisplayName("Durable retries")
    class Retries {
        @Test
        void retriesAFailingWebhookAndSignsEachAttemptAfresh() throws Exception {
            receiver.answer(503);
            String requestId = startRequest();
            mine(1);
            awaitJob(requestId, j -> "PENDING".equals(j.status) && j.leaseUntil == null && j.attempts == 1);
            clock.advance(Duration.ofSeconds(3));
            scheduler.runOnce();
            List<Received> both = mine(2);
            awaitJob(requestId, j -> "SENT".equals(j.status) && j.attempts == 2);
            assertThat(both.get(0).body()).isEqualTo(both.get(1).body());
            assertThat(both.get(0).header("X-Countersign-Signature"))
                    .isNotEqualTo(both.get(1).header("X-Countersign-Signature"));
        }

        @Test
        void doesNotRetryARefusal() throws Exception {
            receiver.answer(400);
            String requestId = startRequest();
            mine(1);
            awaitJob(requestId, j -> "FAILED".equals(j.status));
            clock.advance(Duration.ofSeconds(3));
            scheduler.runOnce();
            assertThat(receiver.received()).hasSize(before + 1);
        }
    }
}
