package dev.countersign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.testing.ExternalCibaProvider;
import dev.countersign.testing.ExternalRuntimeApp;
import dev.countersign.testing.TargetServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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

    @Nested
    @DisplayName("CIBA Core 1.0 §7 and §10.1 through the runs API against the npm oidc-provider peer")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AgainstThePeer {
        private ExternalCibaProvider peer;
        private TargetServer target;
        private ExternalRuntimeApp app;
        private String apiKey;
        private final Set<String> decided = new HashSet<>();

        @BeforeAll
        void start() {
            peer = ExternalCibaProvider.start();
            target = TargetServer.start();
            app = ExternalRuntimeApp.start(
                    peer.issuer().toString(),
                    ExternalCibaProvider.CLIENT_ID,
                    ExternalCibaProvider.CLIENT_SECRET,
                    // node-oidc-provider's binding_message policy: at most 20 characters
                    Map.of("countersign.runtime.binding-message.max-length", "20"));
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

        @Test
        void anApprovedRunCallsTheTargetOnceWithThePeersToken() throws Exception {
            String run = createRun("42");
            peer.approve(nextDeviceRequest());
            assertEquals("succeeded", app.awaitFinal(apiKey, run, MAX_WAIT));
            List<TargetServer.Call> calls = target.calls().stream()
                    .filter(c -> run.equals(c.idempotencyKey()))
                    .toList();
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

        private String createRun(String amount) {
            return app.createRun(
                    apiKey,
                    Map.of("action", "pay", "user", ExternalCibaProvider.USERNAME, "params", Map.of("amount", amount)));
        }

        /** The auth_req_id of the newest request the peer's device was asked about and not yet decided. */
        private String nextDeviceRequest() throws Exception {
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

    private static JsonNode jwtClaims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }
}
