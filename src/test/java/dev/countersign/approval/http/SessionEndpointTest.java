package dev.countersign.approval.http;

import static dev.countersign.testing.TestUsers.ADMIN_TOKEN;
import static dev.countersign.testing.TestUsers.PASSWORD;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.countersign.account.Sessions;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import dev.countersign.testing.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class SessionEndpointTest {
    private static final String COOKIE = "countersign_session";

    @Inject
    MutableClock clock;

    @Inject
    TestDatabase db;

    @Inject
    Sessions sessions;

    String username;
    String sub;

    @BeforeEach
    void createUser() {
        username = TestUsers.uniqueUsername("session");
        sub = TestUsers.create(username);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static Response signIn(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/me/session");
    }

    long failedLogins() {
        return db.number("select failed_logins from users where sub = ?", sub);
    }

    long sessionsOfUser() {
        return db.number("select count(*) from sessions where user_sub = ?", sub);
    }

    @Nested
    @DisplayName("Sign-in: POST /api/me/session")
    class SignIn {
        @Test
        void answersTheCsrfTokenAndSetsAStrictHttpOnlySessionCookie() {
            Response response = signIn(username, PASSWORD);
            response.then()
                    .statusCode(200)
                    .contentType(ContentType.JSON)
                    .header("Cache-Control", "no-store")
                    .body("size()", equalTo(1))
                    .body("csrf_token", matchesPattern("[A-Za-z0-9_-]{43}"));
            Cookie cookie = response.getDetailedCookie(COOKIE);
            assertNotNull(cookie);
            assertTrue(cookie.isHttpOnly());
            assertEquals("Strict", cookie.getSameSite());
            assertEquals("/", cookie.getPath());
            assertFalse(cookie.isSecured(), "the test issuer is http");
            assertEquals(3600, cookie.getMaxAge());
            assertTrue(cookie.getValue().matches("[A-Za-z0-9_-]{43}"));
        }

        @Test
        void storesTheSessionIdAndCsrfTokenOnlyHashed() {
            Response response = signIn(username, PASSWORD);
            String id = response.getCookie(COOKIE);
            String csrf = response.path("csrf_token");
            assertEquals(1, sessionsOfUser());
            assertEquals(0, db.number("select count(*) from sessions where id_hash = ? or csrf_hash = ?", id, csrf));
        }

        @Test
        void issuesAFreshSessionOnEverySignInAndEndsThePresentedOne() {
            String first = signIn(username, PASSWORD).getCookie(COOKIE);
            String second = given().cookie(COOKIE, first)
                    .contentType(ContentType.JSON)
                    .body(Map.of("username", username, "password", PASSWORD))
                    .post("/api/me/session")
                    .then()
                    .statusCode(200)
                    .extract()
                    .cookie(COOKIE);
            assertNotEquals(first, second);
            given().cookie(COOKIE, first).get("/api/me").then().statusCode(401);
            given().cookie(COOKIE, second).get("/api/me").then().statusCode(200);
        }

        @Test
        void answersTheSame401ForAWrongPasswordAndAnUnknownUsername() {
            String wrong = signIn(username, "not the password at all")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("/problems/unauthenticated"))
                    .extract()
                    .asString();
            String unknown = signIn("nobody.here", "not the password at all")
                    .then()
                    .statusCode(401)
                    .extract()
                    .asString();
            assertEquals(wrong, unknown);
            assertEquals(0, sessionsOfUser());
        }

        @Test
        void countsAWrongPasswordAndResetsTheCountOnSuccess() {
            signIn(username, "not the password at all").then().statusCode(401);
            signIn(username, "not the password either").then().statusCode(401);
            assertEquals(2, failedLogins());
            signIn(username, PASSWORD).then().statusCode(200);
            assertEquals(0, failedLogins());
        }

        @Test
        void recordsSignInsInTheAuditTrailWithoutThePassword() {
            signIn(username, "wrong password 12345").then().statusCode(401);
            signIn(username, PASSWORD).then().statusCode(200);
            String trail = given().auth()
                    .oauth2(ADMIN_TOKEN)
                    .queryParam("user_sub", sub)
                    .get("/admin/audit")
                    .then()
                    .statusCode(200)
                    .body("events.type", org.hamcrest.Matchers.hasItems("user.sign_in_failed", "user.signed_in"))
                    .extract()
                    .asString();
            assertFalse(trail.contains("wrong password 12345"));
            assertFalse(trail.contains(PASSWORD));
        }
    }

    @Nested
    @DisplayName("Lockout after repeated wrong passwords (NIST SP 800-63B §5.2.2)")
    class Lockout {
        void failFiveTimes() {
            for (int i = 1; i < 5; i++) {
                signIn(username, "wrong password number " + i).then().statusCode(401);
            }
            signIn(username, "wrong password number 5")
                    .then()
                    .statusCode(423)
                    .contentType("application/problem+json")
                    .body("type", equalTo("/problems/locked"));
        }

        @Test
        void locksTheAccountOnTheFifthWrongPasswordAndRefusesEvenTheRightOne() {
            failFiveTimes();
            signIn(username, PASSWORD).then().statusCode(423);
            assertEquals(0, sessionsOfUser());
        }

        @Test
        void letsTheUserSignInAgainAfterTheLockoutDuration() {
            failFiveTimes();
            clock.advance(Duration.ofMinutes(14));
            signIn(username, PASSWORD).then().statusCode(423);
            clock.advance(Duration.ofMinutes(1).plusSeconds(1));
            signIn(username, PASSWORD).then().statusCode(200);
        }

        @Test
        void liftsTheLockWhenTheOperatorUnlocks() {
            failFiveTimes();
            given().post("/admin/users/" + sub + "/unlock").then().statusCode(401);
            given().auth()
                    .oauth2(ADMIN_TOKEN)
                    .post("/admin/users/" + sub + "/unlock")
                    .then()
                    .statusCode(204);
            signIn(username, PASSWORD).then().statusCode(200);
        }

        @Test
        void answers404WhenUnlockingAnUnknownUser() {
            given().auth()
                    .oauth2(ADMIN_TOKEN)
                    .post("/admin/users/no-such-sub/unlock")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
    }

    @Nested
    @DisplayName("Session guard on /api/me")
    class Guard {
        @Test
        void showsTheSignedInUser() {
            String id = signIn(username, PASSWORD).getCookie(COOKIE);
            given().cookie(COOKIE, id)
                    .get("/api/me")
                    .then()
                    .statusCode(200)
                    .body("sub", equalTo(sub))
                    .body("username", equalTo(username));
        }

        @Test
        void refusesARequestWithoutAValidSession() {
            given().get("/api/me")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("/problems/unauthenticated"));
            given().cookie(COOKIE, "forged-session-id").get("/api/me").then().statusCode(401);
            given().cookie(COOKIE, "x".repeat(5000)).get("/api/me").then().statusCode(401);
        }

        @Test
        void refusesAnExpiredSessionAndTheSweeperDeletesIt() {
            String id = signIn(username, PASSWORD).getCookie(COOKIE);
            clock.advance(Duration.ofMinutes(59));
            given().cookie(COOKIE, id).get("/api/me").then().statusCode(200);
            clock.advance(Duration.ofMinutes(1));
            given().cookie(COOKIE, id).get("/api/me").then().statusCode(401);
            assertEquals(1, sessionsOfUser());
            assertTrue(sessions.deleteExpired() >= 1);
            assertEquals(0, sessionsOfUser());
        }

        @Test
        void requiresTheSessionsCsrfTokenOnUnsafeMethods() {
            Response first = signIn(username, PASSWORD);
            String id = first.getCookie(COOKIE);
            String otherCsrf = signIn(username, PASSWORD).path("csrf_token");
            given().cookie(COOKIE, id)
                    .delete("/api/me/session")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("/problems/forbidden"));
            given().cookie(COOKIE, id)
                    .header("X-CSRF-Token", otherCsrf)
                    .delete("/api/me/session")
                    .then()
                    .statusCode(403);
            given().cookie(COOKIE, id).get("/api/me").then().statusCode(200);
        }

        @Test
        void signsOutWithTheCsrfTokenAndClearsTheCookie() {
            Response response = signIn(username, PASSWORD);
            String id = response.getCookie(COOKIE);
            Response out = given().cookie(COOKIE, id)
                    .header("X-CSRF-Token", response.<String>path("csrf_token"))
                    .delete("/api/me/session");
            out.then().statusCode(204);
            assertEquals(0, out.getDetailedCookie(COOKIE).getMaxAge());
            given().cookie(COOKIE, id).get("/api/me").then().statusCode(401);
            assertEquals(0, sessionsOfUser());
        }
    }

    @Nested
    @DisplayName("Bad input: 400 problem, nothing counted or stored")
    class BadInput {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    "not json",
                    "[]",
                    "\"text\"",
                    "{\"username\":\"USER\"}",
                    "{\"password\":\"x\"}",
                    "{\"username\":123,\"password\":\"wrong password 123\"}",
                    "{\"username\":\"USER\",\"password\":[\"wrong password 123\"]}",
                    "{\"username\":\"USER\",\"password\":null}",
                    "{\"username\":\"USER\",\"username\":\"USER\",\"password\":\"wrong password 123\"}",
                    "{\"username\":\"USER\",\"password\":\"wrong password 123\",\"admin\":true}",
                    "{\"username\":\"USER\",\"password\":\"wrong password 123\"} trailing",
                    "{\"username\":\"USER\",\"password\":\"wrong password 123\""
                })
        void rejectsMalformedBodies(String body) {
            given().contentType(ContentType.JSON)
                    .body(body.replace("USER", username))
                    .post("/api/me/session")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("$", hasKey("detail"));
            assertEquals(0, failedLogins());
            assertEquals(0, sessionsOfUser());
        }

        @Test
        void rejectsAnOversizedBody() {
            given().contentType(ContentType.JSON)
                    .body(Map.of("username", username, "password", "p".repeat(1024 * 1024)))
                    .post("/api/me/session")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
            assertEquals(0, failedLogins());
        }

        @Test
        void rejectsAnotherContentType() {
            given().contentType(ContentType.URLENC)
                    .formParam("username", username)
                    .formParam("password", PASSWORD)
                    .post("/api/me/session")
                    .then()
                    .statusCode(415)
                    .contentType("application/problem+json");
            assertEquals(0, sessionsOfUser());
        }

        @Test
        void treatsAHostileUsernameAsUnknown() {
            signIn("' or 1=1 --", PASSWORD).then().statusCode(401);
            signIn("x".repeat(10_000), PASSWORD).then().statusCode(401);
        }
    }
}
