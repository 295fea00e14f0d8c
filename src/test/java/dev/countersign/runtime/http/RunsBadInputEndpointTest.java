package dev.countersign.runtime.http;

import static dev.countersign.testing.RuntimeFixtures.asAgent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.countersign.runtime.store.RunRepository;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.RuntimeFixtures;
import dev.countersign.testing.TargetServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Bad input to the runs and actions API: every refusal is a clear 4xx problem, and nothing is
 * stored, no provider request made, no target called.
 */
@QuarkusTest
class RunsBadInputEndpointTest {
    @Inject
    RunRepository runs;

    TargetServer target;
    String action;
    String key;
    SignedInUser user;
    long runsBefore;
    String agent;
    boolean providerAsked;

    @BeforeEach
    void setUp() {
        target = TargetServer.start();
        action = Fixtures.uniqueName("pay");
        RuntimeFixtures.createAction(RuntimeFixtures.paymentAction(action, target.url()))
                .then()
                .statusCode(201);
        agent = Fixtures.uniqueName("agent");
        key = RuntimeFixtures.apiKey(agent);
        user = Fixtures.signedInUser();
        runsBefore = countRuns();
    }

    @AfterEach
    void nothingHappened() {
        assertEquals(runsBefore, countRuns(), "no run stored");
        Fixtures.pendingOf(user).body("id", hasSize(providerAsked ? 1 : 0));
        assertEquals(0, target.calls().size(), "no target request");
        target.close();
    }

    long countRuns() {
        return QuarkusTransaction.requiringNew().call(() -> runs.count());
    }

    ValidatableResponse post(String body) {
        return asAgent(key)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/runs")
                .then();
    }

    String body(String params) {
        return "{\"action\":\"" + action + "\",\"user\":\"" + user.username() + "\",\"params\":" + params + "}";
    }

    static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.statusCode(status)
                .contentType(equalTo("application/problem+json"))
                .body("status", equalTo(status));
    }

    @Nested
    @DisplayName("POST /v1/runs")
    class StartingARun {
        @Test
        void refusesParamsThatBreakTheSchemaNamingTheField() {
            problem(post(body("{\"account\":\"bob\",\"amount\":\"lots\"}")), 400)
                    .body("detail", containsString("params/amount"))
                    .body("detail", containsString("pattern"));
            problem(post(body("{\"account\":\"bob\"}")), 400).body("detail", containsString("amount"));
            problem(post(body("{\"account\":\"bob\",\"amount\":\"1\",\"extra\":true}")), 400)
                    .body("detail", containsString("extra"));
            problem(post(body("[1,2]")), 400).body("detail", containsString("params must be a JSON object"));
        }

        @Test
        void refusesAnUnknownAction() {
            problem(post("{\"action\":\"no-such-action\",\"user\":\"" + user.username() + "\"}"), 400)
                    .body("detail", containsString("not in the catalog"));
        }

        @Test
        void refusesMissingAndMistypedMembers() {
            problem(post("{\"user\":\"" + user.username() + "\"}"), 400)
                    .body("detail", containsString("action is required"));
            problem(post("{\"action\":\"" + action + "\",\"params\":{\"account\":\"b\",\"amount\":\"1\"}}"), 400)
                    .body("detail", containsString("user is required"));
            problem(
                            post("{\"action\":\"" + action + "\",\"user\":\"" + user.username()
                                    + "\",\"params\":{\"account\":\"b\",\"amount\":\"1\"},\"mode\":\"steal\"}"),
                            400)
                    .body("detail", containsString("mode"));
            problem(
                            post(
                                    "{\"action\":\"" + action + "\",\"user\":\"" + user.username()
                                            + "\",\"params\":{\"account\":\"b\",\"amount\":\"1\"},\"requested_expiry\":\"soon\"}"),
                            400)
                    .body("detail", containsString("requested_expiry"));
            problem(
                            post("{\"action\":\"" + action + "\",\"user\":\"" + user.username()
                                    + "\",\"params\":{\"account\":\"b\",\"amount\":\"1\"},\"surprise\":1}"),
                            400)
                    .body("detail", containsString("unknown member"));
        }

        @Test
        void refusesDuplicateMembersAndMalformedJson() {
            problem(post("{\"action\":\"" + action + "\",\"action\":\"other\",\"user\":\"u\"}"), 400);
            problem(post("{\"action\":"), 400);
            problem(post("[]"), 400);
            problem(post(""), 400);
        }

        @Test
        void refusesAHugeBody() {
            String huge = "{\"account\":\"" + "x".repeat(200_000) + "\",\"amount\":\"1\"}";
            ValidatableResponse r = post(body(huge));
            r.statusCode(org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                    .and(org.hamcrest.Matchers.lessThan(500)));
        }

        @Test
        void refusesHostileUrlParamsThatWouldClimbThePath() {
            problem(post(body("{\"account\":\"..\",\"amount\":\"1\"}")), 400).body("detail", containsString("'..'"));
            problem(post(body("{\"account\":\".\",\"amount\":\"1\"}")), 400);
        }

        @Test
        void refusesAPrivateOrMalformedCallbackUrl() {
            String base = "{\"action\":\"" + action + "\",\"user\":\"" + user.username()
                    + "\",\"params\":{\"account\":\"b\",\"amount\":\"1\"},\"callback_url\":";
            problem(post(base + "\"http://10.0.0.1/hook\"}"), 400).body("detail", containsString("callback_url"));
            problem(post(base + "\"not a url\"}"), 400).body("detail", containsString("callback_url"));
        }

        @Test
        void refusesABadIdempotencyKey() {
            problem(
                    asAgent(key)
                            .header("Idempotency-Key", "x".repeat(201))
                            .contentType(ContentType.JSON)
                            .body(body("{\"account\":\"b\",\"amount\":\"1\"}"))
                            .post("/v1/runs")
                            .then(),
                    400);
        }

        @Test
        void refusesAnAgentWithoutAValidKey() {
            problem(
                            given().contentType(ContentType.JSON)
                                    .body(body("{\"account\":\"b\",\"amount\":\"1\"}"))
                                    .post("/v1/runs")
                                    .then(),
                            401)
                    .header("WWW-Authenticate", equalTo("Bearer"));
            problem(
                    given().auth()
                            .oauth2("cs_agent_made-up")
                            .contentType(ContentType.JSON)
                            .body(body("{\"account\":\"b\",\"amount\":\"1\"}"))
                            .post("/v1/runs")
                            .then(),
                    401);
            problem(
                    given().auth()
                            .oauth2(Fixtures.ADMIN_TOKEN)
                            .contentType(ContentType.JSON)
                            .body(body("{\"account\":\"b\",\"amount\":\"1\"}"))
                            .post("/v1/runs")
                            .then(),
                    401);
        }

        @Test
        void refusesARevokedKey() {
            String id = given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .get("/admin/api-keys")
                    .then()
                    .extract()
                    .path("find { it.agent == '" + agent + "' }.id");
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .delete("/admin/api-keys/" + id)
                    .then()
                    .statusCode(204);
            String revokedKey = key;
            key = RuntimeFixtures.apiKey("fresh");
            problem(
                    given().auth()
                            .oauth2(revokedKey)
                            .contentType(ContentType.JSON)
                            .body(body("{\"account\":\"b\",\"amount\":\"1\"}"))
                            .post("/v1/runs")
                            .then(),
                    401);
        }
    }

    @Nested
    @DisplayName("GET /v1/runs/{id} and cancel")
    class ReadingARun {
        @Test
        void anotherAgentsRunIsNotFound() {
            String id = asAgent(key)
                    .contentType(ContentType.JSON)
                    .body(body("{\"account\":\"b\",\"amount\":\"1\"}"))
                    .post("/v1/runs")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            runsBefore++;
            providerAsked = true;
            String other = RuntimeFixtures.apiKey("other-agent");
            problem(asAgent(other).get("/v1/runs/" + id).then(), 404);
            problem(asAgent(other).post("/v1/runs/" + id + "/cancel").then(), 404);
            asAgent(key).get("/v1/runs/" + id).then().statusCode(200).body("status", equalTo("awaiting_approval"));
            asAgent(key).post("/v1/runs/" + id + "/cancel").then().statusCode(200);
            providerAsked = false; // the cancel withdrew the request from the user's inbox
        }

        @Test
        void anUnknownOrOversizedIdIsNotFound() {
            problem(asAgent(key).get("/v1/runs/no-such-run").then(), 404);
            problem(asAgent(key).get("/v1/runs/" + "x".repeat(500)).then(), 404);
        }

        @Test
        void refusesAWaitOutOfRange() {
            problem(asAgent(key).get("/v1/runs/x?wait=61").then(), 400).body("detail", containsString("wait"));
            problem(asAgent(key).get("/v1/runs/x?wait=-1").then(), 400);
            problem(asAgent(key).get("/v1/runs/x?wait=soon").then(), 400);
        }
    }

    @Nested
    @DisplayName("GET /v1/actions")
    class ListingActions {
        @Test
        void listsActionsFromConfigurationAndTheAdminApiWithTheirSchemas() {
            asAgent(key)
                    .get("/v1/actions")
                    .then()
                    .statusCode(200)
                    .body("name", hasItem("echo"))
                    .body("name", hasItem(action))
                    .body("find { it.name == '" + action + "' }.parameters.required", hasItem("amount"))
                    .body("find { it.name == '" + action + "' }.scope", equalTo("openid payments"))
                    .body("find { it.name == '" + action + "' }", not(org.hamcrest.Matchers.hasKey("url")));
        }

        @Test
        void needsAnApiKey() {
            problem(given().get("/v1/actions").then(), 401);
        }
    }
}
