package dev.countersign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.testing.ExternalCibaProvider;
import dev.countersign.testing.ExternalRuntimeApp;
import dev.countersign.testing.LoopbackTls;
import dev.countersign.testing.TargetServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The runs API of the packaged application configured, by properties only, for an external CIBA
 * provider: the independent npm {@code oidc-provider} peer ({@code countersign.runtime.provider=external}
 * and the standard {@code quarkus.oidc-client.ciba.*} settings). The same runtime code as with the
 * embedded provider asks the peer, waits, and calls a loopback target once with the peer's token.
 * A packaged app rather than a {@code @QuarkusTest} profile: no Quarkus restart inside the suite.
 */
class ExternalProviderRunsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_WAIT = Duration.ofSeconds(40);

    /** The peer, a loopback target, and the packaged app configured for the peer; one of each per class. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract class WithThePeer {
        ExternalCibaProvider peer;
        TargetServer target;
        ExternalRuntimeApp app;
        String apiKey;
        private final Set<String> decided = new HashSet<>();

        /** The peer to run against. */
        abstract ExternalCibaProvider startPeer() throws Exception;

        /** Properties of the app beyond the external provider's. */
        abstract Map<String, String> appProperties();

        @BeforeAll
        void start() throws Exception {
            peer = startPeer();
            target = TargetServer.start();
            Map<String, String> properties = new HashMap<>(appProperties());
            // node-oidc-provider's binding_message policy: at most 20 characters
            properties.put("countersign.runtime.binding-message.max-length", "20");
            app = ExternalRuntimeApp.start(
                    peer.issuer().toString(),
                    ExternalCibaProvider.CLIENT_ID,
                    ExternalCibaProvider.CLIENT_SECRET,
                    properties);
            app.createAction(Map.of(
                    "name",
                    "pay",
                    "url",
                    target.url() + "/pay",
                    "scope",
                    "payments:write",
                    "binding_message",
                    "Pay {amount} EUR",
                    "parameters",
                    Map.of(
                            "type", "object",
                            "required", List.of("amount"),
                            "properties", Map.of("amount", Map.of("type", "string", "pattern", "^[0-9]{1,6}$")))));
            apiKey = app.apiKey("external-agent");
        }

        @AfterAll
        void stop() {
            if (app != null) {
                app.close();
            }
            if (target != null) {
                target.close();
            }
            if (peer != null) {
                peer.close();
            }
        }

        String createRun(String amount) {
            return app.createRun(
                    apiKey,
                    Map.of("action", "pay", "user", ExternalCibaProvider.USERNAME, "params", Map.of("amount", amount)));
        }

        List<TargetServer.Call> callsOf(String run) {
            return target.calls().stream()
                    .filter(c -> run.equals(c.idempotencyKey()))
                    .toList();
        }

        /** The auth_req_id of the newest request the peer's device was asked about and not yet decided. */
        String nextDeviceRequest() throws Exception {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (true) {
                JsonNode requests = JSON.readTree(peer.deviceRequests());
                for (int i = requests.size() - 1; i >= 0; i--) {
                    String id = requests.get(i).path("auth_req_id").asText();
                    if (!id.isEmpty() && decided.add(id)) {
                        return id;
                    }
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the peer's device was not asked: " + requests);
                }
                Thread.sleep(100);
            }
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7 and §10.1 through the runs API against the npm oidc-provider peer")
    class AgainstThePeer extends WithThePeer {
        @Override
        ExternalCibaProvider startPeer() {
            return ExternalCibaProvider.start();
        }

        @Override
        Map<String, String> appProperties() {
            return Map.of();
        }

        @Test
        void anApprovedRunCallsTheTargetOnceWithThePeersToken() throws Exception {
            String run = createRun("42");
            peer.approve(nextDeviceRequest());
            assertEquals("succeeded", app.awaitFinal(apiKey, run, MAX_WAIT));
            List<TargetServer.Call> calls = callsOf(run);
            assertEquals(1, calls.size(), "one call to the target for the run");
            String authorization = calls.get(0).authorization();
            assertTrue(authorization.startsWith("Bearer "), authorization);
            JsonNode claims = jwtClaims(authorization.substring("Bearer ".length()));
            assertEquals(peer.issuer().toString(), claims.path("iss").asText(), "a token of the peer");
            assertTrue(claims.path("scope").asText().contains("payments:write"), claims.toString());
            assertEquals("{\"amount\":\"42\"}", calls.get(0).body());
        }

        @Test
        void aDeniedRunEndsDeniedWithoutCallingTheTarget() throws Exception {
            int before = target.calls().size();
            String run = createRun("7");
            peer.deny(nextDeviceRequest());
            assertEquals("denied", app.awaitFinal(apiKey, run, MAX_WAIT));
            assertEquals(before, target.calls().size(), "no call to the target");
        }
    }

    /**
     * The peer's client registered in ping mode with the app's {@code /v1/ciba/ping} as its
     * {@code backchannel_client_notification_endpoint}. oidc-provider accepts only an https
     * endpoint there, so the app also serves https on loopback with a self-signed certificate
     * ({@link LoopbackTls}) that the peer trusts. The safety poll is every 30 s: a run that ends
     * within a few seconds of the user's decision was woken by the peer's ping.
     */
    @Nested
    @DisplayName("CIBA Core 1.0 §10.2 ping mode against the npm oidc-provider peer")
    class InPingMode extends WithThePeer {
        static final Duration SAFETY_POLL = Duration.ofSeconds(30);
        static final Duration WELL_BEFORE = Duration.ofSeconds(10);
        private int httpsPort;

        @Override
        ExternalCibaProvider startPeer() throws Exception {
            httpsPort = ExternalCibaProvider.freePort();
            return ExternalCibaProvider.startInPingMode(pingEndpoint(), LoopbackTls.certificatePem());
        }

        private URI pingEndpoint() {
            return URI.create("https://127.0.0.1:" + httpsPort + "/v1/ciba/ping");
        }

        @Override
        Map<String, String> appProperties() {
            return Map.of(
                    "countersign.runtime.external-ping", "true",
                    "countersign.runtime.ping-endpoint-url", pingEndpoint().toString(),
                    "countersign.runtime.ping-safety-interval", SAFETY_POLL.toString(),
                    "quarkus.http.ssl-port", Integer.toString(httpsPort),
                    "quarkus.tls.key-store.p12.path", LoopbackTls.keyStore().toString(),
                    "quarkus.tls.key-store.p12.password", LoopbackTls.PASSWORD);
        }

        @Test
        void thePeersPingWakesTheRunLongBeforeTheSafetyPoll() throws Exception {
            Instant asked = Instant.now();
            String run = createRun("42");
            // The peer pings the app from within the approval and fails it unless the app answers 204.
            peer.approve(nextDeviceRequest());
            assertEquals("succeeded", app.awaitFinal(apiKey, run, MAX_WAIT));
            Duration took = Duration.between(asked, Instant.now());
            assertTrue(
                    took.compareTo(WELL_BEFORE) < 0,
                    "done " + took + " after the request; the first safety poll is due after " + SAFETY_POLL);
            assertEquals(1, callsOf(run).size(), "one call to the target for the run");
        }

        @Test
        void aPingedDenialEndsTheRunDeniedAtOnce() throws Exception {
            int before = target.calls().size();
            Instant asked = Instant.now();
            String run = createRun("7");
            peer.deny(nextDeviceRequest());
            assertEquals("denied", app.awaitFinal(apiKey, run, MAX_WAIT));
            assertTrue(Duration.between(asked, Instant.now()).compareTo(WELL_BEFORE) < 0);
            assertEquals(before, target.calls().size(), "no call to the target");
        }
    }

    private static JsonNode jwtClaims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }
}
