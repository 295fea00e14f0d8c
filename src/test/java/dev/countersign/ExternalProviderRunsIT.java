package dev.countersign;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.testing.ExternalCibaProvider;
import dev.countersign.testing.PackagedApp;
import dev.countersign.testing.TargetServer;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
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
    private static final String ADMIN_TOKEN = "external-runs-admin-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Nested
    @DisplayName("CIBA Core 1.0 §7 and §10.1 through the runs API against the npm oidc-provider peer")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AgainstThePeer {
        private ExternalCibaProvider peer;
        private TargetServer target;
        private PackagedApp app;
        private String base;
        private String apiKey;
        private final Set<String> decided = new HashSet<>();

        @BeforeAll
        void start() {
            peer = ExternalCibaProvider.start();
            target = TargetServer.start();
            app = PackagedApp.embedded()
                    .property("countersign.admin.token", ADMIN_TOKEN)
                    .property("countersign.demo.enabled", "false")
                    .property("countersign.runtime.provider", "external")
                    .property("countersign.runtime.binding-message.max-length", "20")
                    .property("countersign.runtime.allowed-target-hosts", "localhost")
                    .property("countersign.outbound.allowed-private-hosts", "localhost,127.0.0.1")
                    .property(
                            "quarkus.oidc-client.ciba.auth-server-url",
                            peer.issuer().toString())
                    .property("quarkus.oidc-client.ciba.client-id", ExternalCibaProvider.CLIENT_ID)
                    .property("quarkus.oidc-client.ciba.credentials.secret", ExternalCibaProvider.CLIENT_SECRET)
                    .property("quarkus.oidc-client.ciba.grant.type", "ciba")
                    .start();
            base = app.baseUri().toString();
            Map<String, Object> action = Map.of(
                    "name", "pay",
                    "url", target.url() + "/pay",
                    "scope", "payments:write",
                    "binding_message", "Pay {amount} EUR",
                    "parameters",
                            Map.of(
                                    "type", "object",
                                    "required", List.of("amount"),
                                    "properties",
                                            Map.of("amount", Map.of("type", "string", "pattern", "^[0-9]{1,6}$"))));
            admin().body(action).post("/admin/actions").then().statusCode(201);
            apiKey = admin().body(Map.of("agent", "external-agent"))
                    .post("/admin/api-keys")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("key");
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
            awaitStatus(run, "succeeded");
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
            awaitStatus(run, "denied");
            assertEquals(before, target.calls().size(), "no call to the target");
        }

        private RequestSpecification admin() {
            return given().baseUri(base).auth().oauth2(ADMIN_TOKEN).contentType("application/json");
        }

        private String createRun(String amount) {
            Response created = given().baseUri(base)
                    .auth()
                    .oauth2(apiKey)
                    .contentType("application/json")
                    .body(Map.of(
                            "action", "pay", "user", ExternalCibaProvider.USERNAME, "params", Map.of("amount", amount)))
                    .post("/v1/runs");
            created.then().statusCode(202).body("status", equalTo("awaiting_approval"));
            return created.path("id");
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

        private void awaitStatus(String run, String status) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
            String now = "";
            while (!now.equals(status) && Instant.now().isBefore(deadline)) {
                now = given().baseUri(base)
                        .auth()
                        .oauth2(apiKey)
                        .get("/v1/runs/" + run + "?wait=10")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("status");
            }
            assertEquals(status, now, "run " + run);
        }
    }

    private static JsonNode jwtClaims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }
}
