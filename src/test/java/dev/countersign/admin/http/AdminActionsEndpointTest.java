package dev.countersign.admin.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.RuntimeFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The operator's action catalog and API key APIs: validated input, problems naming the field. */
@QuarkusTest
class AdminActionsEndpointTest {
    static final String TARGET = "http://localhost:9";

    static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.statusCode(status)
                .contentType(equalTo("application/problem+json"))
                .body("status", equalTo(status));
    }

    Map<String, Object> action(Object... changes) {
        Map<String, Object> a = new HashMap<>(RuntimeFixtures.paymentAction(Fixtures.uniqueName("act"), TARGET));
        for (int i = 0; i < changes.length; i += 2) {
            a.put((String) changes[i], changes[i + 1]);
        }
        return a;
    }

    @Nested
    @DisplayName("/admin/actions")
    class Actions {
        @Test
        void createsReadsListsAndDeletesAnAction() {
            Map<String, Object> a = action();
            String name = (String) a.get("name");
            RuntimeFixtures.createAction(a)
                    .then()
                    .statusCode(201)
                    .header("Location", containsString("/admin/actions/" + name))
                    .body("source", equalTo("admin"))
                    .body("url", equalTo(TARGET + "/pay/{account}"));
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .get("/admin/actions")
                    .then()
                    .statusCode(200)
                    .body("name", hasItem(name));
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .get("/admin/actions/" + name)
                    .then()
                    .statusCode(200);
            problem(RuntimeFixtures.createAction(a).then(), 409);
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .delete("/admin/actions/" + name)
                    .then()
                    .statusCode(204);
            problem(
                    given().auth()
                            .oauth2(Fixtures.ADMIN_TOKEN)
                            .get("/admin/actions/" + name)
                            .then(),
                    404);
        }

        @Test
        void listsButWillNotDeleteAnActionFromConfiguration() {
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .get("/admin/actions/echo")
                    .then()
                    .statusCode(200)
                    .body("source", equalTo("configuration"));
            problem(
                    given().auth()
                            .oauth2(Fixtures.ADMIN_TOKEN)
                            .delete("/admin/actions/echo")
                            .then(),
                    409);
        }

        @Test
        void refusesATargetHostOffTheAllowList() {
            problem(
                            RuntimeFixtures.createAction(action("url", "https://evil.example/pay/{account}"))
                                    .then(),
                            400)
                    .body("detail", containsString("allowed-target-hosts"));
        }

        @Test
        void refusesAPlaceholderInTheHost() {
            problem(
                            RuntimeFixtures.createAction(action("url", "http://{host}/pay"))
                                    .then(),
                            400)
                    .body("detail", containsString("placeholders only in its path and query"));
            problem(
                    RuntimeFixtures.createAction(action("url", "http://localhost:9{port}/pay"))
                            .then(),
                    400);
            problem(
                    RuntimeFixtures.createAction(action("url", "ftp://localhost/pay"))
                            .then(),
                    400);
            problem(
                    RuntimeFixtures.createAction(action("url", "http://user@localhost/pay"))
                            .then(),
                    400);
        }

        @Test
        void refusesBadDefinitionsNamingTheField() {
            problem(
                            RuntimeFixtures.createAction(action("parameters", Map.of("type", 12)))
                                    .then(),
                            400)
                    .body("detail", containsString("parameters"));
            problem(RuntimeFixtures.createAction(action("method", "TRACE")).then(), 400)
                    .body("detail", containsString("method"));
            problem(RuntimeFixtures.createAction(action("name", "bad name!")).then(), 400)
                    .body("detail", containsString("name"));
            problem(RuntimeFixtures.createAction(action("timeout_seconds", 0)).then(), 400)
                    .body("detail", containsString("timeout"));
            problem(
                            RuntimeFixtures.createAction(action("authorization_details", Map.of("type", "x")))
                                    .then(),
                            400)
                    .body("detail", containsString("authorization_details"));
            problem(RuntimeFixtures.createAction(action("colour", "blue")).then(), 400)
                    .body("detail", containsString("unknown member"));
        }

        @Test
        void needsTheAdminToken() {
            problem(
                    given().contentType(ContentType.JSON)
                            .body(action())
                            .post("/admin/actions")
                            .then(),
                    401);
            problem(given().get("/admin/actions").then(), 401);
        }
    }

    @Nested
    @DisplayName("/admin/api-keys")
    class ApiKeys {
        @Test
        void showsAKeyOnceAndNeverAgain() {
            String agent = Fixtures.uniqueName("agent");
            ValidatableResponse issued = given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .contentType(ContentType.JSON)
                    .body(Map.of("agent", agent))
                    .post("/admin/api-keys")
                    .then()
                    .statusCode(201)
                    .header("Cache-Control", containsString("no-store"))
                    .body("key", startsWith("cs_agent_"))
                    .body("agent", equalTo(agent));
            String id = issued.extract().path("id");
            String key = issued.extract().path("key");
            RuntimeFixtures.asAgent(key).get("/v1/actions").then().statusCode(200);
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .get("/admin/api-keys")
                    .then()
                    .statusCode(200)
                    .body("find { it.id == '" + id + "' }.key", nullValue())
                    .body("find { it.id == '" + id + "' }.prefix", equalTo(key.substring(0, 15)))
                    .body("find { it.id == '" + id + "' }.last_used_at", not(nullValue()))
                    .body("key", not(hasItem(key)));
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .delete("/admin/api-keys/" + id)
                    .then()
                    .statusCode(204);
            problem(
                    given().auth()
                            .oauth2(Fixtures.ADMIN_TOKEN)
                            .delete("/admin/api-keys/" + id)
                            .then(),
                    404);
            problem(RuntimeFixtures.asAgent(key).get("/v1/actions").then(), 401);
        }

        @Test
        void refusesABadAgentName() {
            problem(
                    given().auth()
                            .oauth2(Fixtures.ADMIN_TOKEN)
                            .contentType(ContentType.JSON)
                            .body(Map.of("agent", "no spaces please"))
                            .post("/admin/api-keys")
                            .then(),
                    400);
            problem(
                    given().auth()
                            .oauth2(Fixtures.ADMIN_TOKEN)
                            .contentType(ContentType.JSON)
                            .body("{\"agent\":\"a\",\"agent\":\"b\"}")
                            .post("/admin/api-keys")
                            .then(),
                    400);
        }
    }
}
