package dev.countersign;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.countersign.testing.CibaCalls;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.PackagedApp;
import dev.countersign.testing.PackagedAppFixtures;
import dev.countersign.testing.PostgresServer;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Nothing is lost in a crash: the packaged application is killed with SIGKILL while requests are
 * pending, approved-but-unpolled and denied; after a restart on the same database every one of them
 * completes correctly, and each approved one yields tokens exactly once. Run on the embedded H2 file
 * database (whose commits must reach the file before they are acknowledged) and on PostgreSQL.
 */
class ProcessKillDurabilityIT {
    private static final String MASTER_KEY = "Y291bnRlcnNpZ24taXQtbWFzdGVyLWtleS0zMmJ5dGU=";
    private static final String ADMIN_TOKEN = "it-admin-token-0123456789abcdefghij";
    private static final String PASSWORD = "correct horse battery staple";
    private static final int EACH = 10;

    @Nested
    @DisplayName("Embedded H2 file database")
    class Embedded {
        @Test
        void everyRequestSurvivesASigkill() {
            try (PackagedApp app = configure(PackagedApp.embedded()).start()) {
                survivesSigkill(app);
            }
        }
    }

    @Nested
    @DisplayName("PostgreSQL")
    @DisabledIfSystemProperty(named = "countersign.postgresql.skip", matches = "true")
    class Postgresql {
        @Test
        void everyRequestSurvivesASigkill() {
            try (PostgresServer database = PostgresServer.start();
                    PackagedApp app =
                            configure(PackagedApp.postgresql(database)).start()) {
                survivesSigkill(app);
            }
        }
    }

    private static PackagedApp.Builder configure(PackagedApp.Builder builder) {
        return builder.environment("COUNTERSIGN_MASTER_KEY", MASTER_KEY)
                .environment("COUNTERSIGN_ADMIN_TOKEN", ADMIN_TOKEN)
                .property("countersign.demo.enabled", "false")
                // The scenario starts 30 requests for one user within a minute (ADR 0005 limits).
                .property("countersign.ciba.limits.per-user", "1000")
                .property("countersign.ciba.limits.per-client", "1000");
    }

    /** Everything the scenario created before the crash. */
    private record BeforeCrash(
            String clientId,
            String clientSecret,
            String cookie,
            String csrf,
            List<String> pending,
            List<String> approved,
            List<String> denied) {}

    private static void survivesSigkill(PackagedApp app) {
        BeforeCrash state = prepare(app);
        app.kill();
        app.restart();
        // The session survived too: the user still sees the pending requests and decides them now.
        List<String> pendingIds = given().baseUri(app.baseUri().toString())
                .cookie("countersign_session", state.cookie())
                .get("/api/me/requests?status=pending")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        assertThat(pendingIds).hasSize(EACH);
        for (String id : pendingIds) {
            decide(app, state, id, "approve").then().statusCode(204);
        }

        List<String> redeemable = new ArrayList<>(state.approved());
        redeemable.addAll(state.pending());
        for (String authReqId : redeemable) {
            poll(app, state, authReqId)
                    .then()
                    .statusCode(200)
                    .body("access_token", notNullValue())
                    .body("id_token", notNullValue());
            poll(app, state, authReqId).then().statusCode(400).body("error", equalTo("invalid_grant"));
        }
        for (String authReqId : state.denied()) {
            poll(app, state, authReqId).then().statusCode(400).body("error", equalTo("access_denied"));
        }
    }

    private static BeforeCrash prepare(PackagedApp app) {
        Fixtures.RegisteredClient client = PackagedAppFixtures.registerAgent(
                app, ADMIN_TOKEN, Map.of("client_name", "Durable agent", "scope", "openid"));
        PackagedAppFixtures.registerUser(app, ADMIN_TOKEN, "durable", PASSWORD);
        PackagedAppFixtures.Session session = PackagedAppFixtures.signIn(app, "durable", PASSWORD);
        BeforeCrash state = new BeforeCrash(
                client.clientId(),
                client.clientSecret(),
                session.cookie(),
                session.csrfToken(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>());
        for (int i = 0; i < EACH; i++) {
            state.approved().add(start(app, state, "approved " + i));
            decide(app, state, pendingIdOf(app, state, "approved " + i), "approve")
                    .then()
                    .statusCode(204);
            state.denied().add(start(app, state, "denied " + i));
            decide(app, state, pendingIdOf(app, state, "denied " + i), "deny")
                    .then()
                    .statusCode(204);
            state.pending().add(start(app, state, "pending " + i));
        }
        return state;
    }

    private static String start(PackagedApp app, BeforeCrash state, String bindingMessage) {
        Response r = given().baseUri(app.baseUri().toString())
                .auth()
                .preemptive()
                .basic(state.clientId(), state.clientSecret())
                .contentType(CibaCalls.FORM)
                .body(CibaCalls.form("scope", "openid", "login_hint", "durable", "binding_message", bindingMessage))
                .post("/bc-authorize");
        r.then().statusCode(200);
        return r.path("auth_req_id");
    }

    private static String pendingIdOf(PackagedApp app, BeforeCrash state, String bindingMessage) {
        return given().baseUri(app.baseUri().toString())
                .cookie("countersign_session", state.cookie())
                .get("/api/me/requests?status=pending")
                .then()
                .statusCode(200)
                .extract()
                .path("find { it.binding_message == '" + bindingMessage + "' }.id");
    }

    private static Response decide(PackagedApp app, BeforeCrash state, String id, String decision) {
        return given().baseUri(app.baseUri().toString())
                .cookie("countersign_session", state.cookie())
                .header("X-CSRF-Token", state.csrf())
                .post("/api/me/requests/" + id + "/" + decision);
    }

    private static Response poll(PackagedApp app, BeforeCrash state, String authReqId) {
        return given().baseUri(app.baseUri().toString())
                .auth()
                .preemptive()
                .basic(state.clientId(), state.clientSecret())
                .contentType(CibaCalls.FORM)
                .body(CibaCalls.form("grant_type", CibaCalls.CIBA_GRANT, "auth_req_id", authReqId))
                .post("/token");
    }
}
