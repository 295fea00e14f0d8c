package dev.countersign.admin.http;

import static dev.countersign.testing.TestUsers.ADMIN_TOKEN;
import static dev.countersign.testing.TestUsers.PASSWORD;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import dev.countersign.testing.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class AdminUsersEndpointTest {
    @Inject
    TestDatabase db;

    static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN_TOKEN);
    }

    static Response create(Map<String, ?> body) {
        return admin().contentType(ContentType.JSON).body(body).post("/admin/users");
    }

    static Map<String, Object> user(String username) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("email", username.replace(".", "-") + "@example.com");
        body.put("name", "Ada Lovelace");
        body.put("password", PASSWORD);
        return body;
    }

    long users() {
        return db.number("select count(*) from users");
    }

    @Nested
    @DisplayName("POST /admin/users")
    class Create {
        @Test
        void createsTheUserWithAnOpaqueSubAndNeverReturnsThePassword() {
            String username = TestUsers.uniqueUsername("ada");
            Response response = create(user(username));
            response.then()
                    .statusCode(201)
                    .contentType(ContentType.JSON)
                    .body("sub", matchesPattern("[A-Za-z0-9_-]{22}"))
                    .body("username", equalTo(username))
                    .body("email", equalTo(username.replace(".", "-") + "@example.com"))
                    .body("name", equalTo("Ada Lovelace"))
                    .body("created_at", notNullValue())
                    .body("$", not(hasKey("password")))
                    .body("$", not(hasKey("password_hash")));
            String sub = response.path("sub");
            response.then().header("Location", endsWith("/admin/users/" + sub));
            assertFalse(response.asString().contains("argon2"));
            String stored = db.text("select password_hash from users where sub = ?", sub);
            assertFalse(stored.contains(PASSWORD));
        }

        @Test
        void createsAUserWithOnlyAUsernameAndPassword() {
            create(Map.of("username", TestUsers.uniqueUsername("min"), "password", PASSWORD))
                    .then()
                    .statusCode(201)
                    .body("$", not(hasKey("email")))
                    .body("$", not(hasKey("name")));
        }

        @Test
        void refusesATakenUsernameIgnoringCase() {
            String username = TestUsers.uniqueUsername("dup");
            create(user(username)).then().statusCode(201);
            long before = users();
            Map<String, Object> again = user(username.toUpperCase());
            again.put("email", "other-" + again.get("email"));
            create(again).then().statusCode(409).contentType("application/problem+json");
            assertEquals(before, users());
        }

        @Test
        void refusesATakenEmailAddressIgnoringCase() {
            Map<String, Object> first = user(TestUsers.uniqueUsername("mail"));
            create(first).then().statusCode(201);
            long before = users();
            Map<String, Object> second = user(TestUsers.uniqueUsername("mail"));
            second.put("email", ((String) first.get("email")).toUpperCase());
            create(second).then().statusCode(409).body("type", equalTo("/problems/conflict"));
            assertEquals(before, users());
        }

        @Test
        void refusesAUsernameThatIsAnotherUsersEmailAddress() {
            Map<String, Object> first = user(TestUsers.uniqueUsername("cross"));
            create(first).then().statusCode(201);
            create(Map.of("username", first.get("email"), "password", PASSWORD))
                    .then()
                    .statusCode(409);
        }

        @Test
        void requiresTheAdminToken() {
            long before = users();
            given().contentType(ContentType.JSON)
                    .body(user(TestUsers.uniqueUsername("anon")))
                    .post("/admin/users")
                    .then()
                    .statusCode(401);
            assertEquals(before, users());
        }
    }

    @Nested
    @DisplayName("POST /admin/users bad input: 400 problem, nothing stored")
    class BadInput {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    "null",
                    "[]",
                    "{",
                    "{\"username\":\"ok.name\"}",
                    "{\"password\":\"long enough password\"}",
                    "{\"username\":\"has space\",\"password\":\"long enough password\"}",
                    "{\"username\":\"ok.name\",\"password\":\"short\"}",
                    "{\"username\":\"ok.name\",\"password\":\"long enough password\",\"email\":\"not-an-address\"}",
                    "{\"username\":\"ok.name\",\"password\":\"long enough password\",\"email\":42}",
                    "{\"username\":\"ok.name\",\"password\":\"long enough password\",\"name\":\"A\\u0000B\"}",
                    "{\"username\":\"ok.name\",\"password\":\"long enough password\",\"name\":{\"x\":1}}",
                    "{\"username\":[\"ok.name\"],\"password\":\"long enough password\"}",
                    "{\"username\":\"ok.name\",\"username\":\"ok.other\",\"password\":\"long enough password\"}",
                    "{\"username\":\"ok.name\",\"password\":\"long enough password\",\"role\":\"admin\"}",
                    "{\"username\":\"ok.name\",\"password\":\"long enough password\",\"sub\":\"chosen\"}",
                    "{\"username\":\"<script>alert(1)</script>\",\"password\":\"long enough password\"}",
                    "{\"username\":\"ok.name\",\"password\":\"ok.name\"}"
                })
        void rejectsTheBodyAndStoresNothing(String body) {
            long before = users();
            admin().contentType(ContentType.JSON)
                    .body(body)
                    .post("/admin/users")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("/problems/invalid-input"))
                    .body("detail", notNullValue());
            assertEquals(before, users());
            assertEquals(0, db.number("select count(*) from users where username_key = 'ok.name'"));
        }

        @Test
        void rejectsOversizedValues() {
            long before = users();
            Map<String, Object> body = user(TestUsers.uniqueUsername("big"));
            body.put("name", "n".repeat(1024 * 1024));
            create(body).then().statusCode(400).contentType("application/problem+json");
            body.put("name", "n".repeat(201));
            create(body).then().statusCode(400).body("detail", equalTo("name must be at most 200 characters"));
            body.put("name", "ok");
            body.put("username", "u".repeat(101));
            create(body).then().statusCode(400);
            assertEquals(before, users());
        }

        @Test
        void rejectsAnotherContentType() {
            long before = users();
            admin().contentType(ContentType.TEXT)
                    .body("username=x")
                    .post("/admin/users")
                    .then()
                    .statusCode(415)
                    .contentType("application/problem+json");
            assertEquals(before, users());
        }
    }

    @Nested
    @DisplayName("GET and DELETE /admin/users/{sub}")
    class ReadAndDelete {
        @Test
        void readsTheUser() {
            String username = TestUsers.uniqueUsername("read");
            String sub = TestUsers.create(username);
            admin().get("/admin/users/" + sub)
                    .then()
                    .statusCode(200)
                    .body("sub", equalTo(sub))
                    .body("username", equalTo(username))
                    .body("$", not(hasKey("password_hash")));
        }

        @Test
        void answers404ForAnUnknownOrHostileSub() {
            admin().get("/admin/users/unknown-sub")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("type", equalTo("/problems/not-found"));
            admin().get("/admin/users/" + "x".repeat(2000)).then().statusCode(404);
            admin().get("/admin/users/%27%20or%201=1").then().statusCode(404);
            admin().delete("/admin/users/unknown-sub").then().statusCode(404);
        }

        @Test
        void deletesTheUserAndSignsThemOut() {
            String username = TestUsers.uniqueUsername("gone");
            String sub = TestUsers.create(username);
            String session = given().contentType(ContentType.JSON)
                    .body(Map.of("username", username, "password", PASSWORD))
                    .post("/api/me/session")
                    .then()
                    .statusCode(200)
                    .extract()
                    .cookie("countersign_session");
            admin().delete("/admin/users/" + sub).then().statusCode(204);
            admin().get("/admin/users/" + sub).then().statusCode(404);
            admin().delete("/admin/users/" + sub).then().statusCode(404);
            assertEquals(0, db.number("select count(*) from sessions where user_sub = ?", sub));
            given().cookie("countersign_session", session).get("/api/me").then().statusCode(401);
        }

        @Test
        void recordsCreationAndDeletionInTheAuditTrail() {
            String sub = TestUsers.create(TestUsers.uniqueUsername("audited"));
            admin().delete("/admin/users/" + sub).then().statusCode(204);
            admin().queryParam("user_sub", sub)
                    .get("/admin/audit")
                    .then()
                    .statusCode(200)
                    .body("events.type", equalTo(java.util.List.of("user.created", "user.deleted")))
                    .body("events.actor", equalTo(java.util.List.of("admin", "admin")))
                    .body("events.subject[0]", equalTo("user:" + sub));
        }
    }
}
