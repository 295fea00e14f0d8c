package dev.countersign.approval.http;

import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.CibaCalls.poll;
import static dev.countersign.testing.CibaCalls.start;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The user's decision API: a decision is made once, only by the request's user, only before it
 * expires, and only with the session's CSRF token; every refusal changes nothing.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class MeRequestsEndpointTest {
    @Inject
    MutableClock clock;

    RegisteredClient client;
    SignedInUser user;
    String authReqId;
    String id;

    @BeforeEach
    void startARequest() {
        client = Fixtures.client();
        user = Fixtures.signedInUser();
        authReqId = start(client, user.username(), "binding_message", "Pay 42 EUR");
        id = newestPendingId(user);
    }

    ValidatableResponse requestAsOwner() {
        return given().cookie("countersign_session", user.sessionCookie())
                .get("/api/me/requests/" + id)
                .then()
                .statusCode(200);
    }

    static void assertProblem(ValidatableResponse r, int status) {
        r.statusCode(status).contentType(equalTo("application/problem+json")).body("status", equalTo(status));
    }

    @Nested
    @DisplayName("Listing")
    class Listing {
        @Test
        void showsEachStatusToItsUserOnly() {
            Fixtures.pendingOf(user).body("id", hasSize(1)).body("[0].binding_message", equalTo("Pay 42 EUR"));
            Fixtures.pendingOf(Fixtures.signedInUser()).body("id", hasSize(0));
            decide(user, id, "approve").then().statusCode(204);
            given().cookie("countersign_session", user.sessionCookie())
                    .get("/api/me/requests?status=approved")
                    .then()
                    .statusCode(200)
                    .body("[0].id", equalTo(id))
                    .body("[0].status", equalTo("approved"));
            poll(client, authReqId).then().statusCode(200);
            requestAsOwner().body("status", equalTo("issued"));
        }

        @Test
        void showsARequestPastItsExpiryAsExpired() {
            clock.advance(Duration.ofMinutes(6));
            Fixtures.pendingOf(user).body("id", hasSize(0));
            given().cookie("countersign_session", user.sessionCookie())
                    .get("/api/me/requests?status=expired")
                    .then()
                    .statusCode(200)
                    .body("[0].id", equalTo(id));
        }

        @Test
        void refusesAnUnknownStatusFilter() {
            assertProblem(
                    given().cookie("countersign_session", user.sessionCookie())
                            .get("/api/me/requests?status=everything")
                            .then(),
                    400);
        }
    }

    @Nested
    @DisplayName("Decisions change nothing when refused")
    class Refusals {
        @Test
        void decidingTwiceIsAConflict() {
            decide(user, id, "approve").then().statusCode(204);
            assertProblem(decide(user, id, "deny").then(), 409);
            requestAsOwner().body("status", equalTo("approved"));
        }

        @Test
        void decidingAnotherUsersRequestIsNotFound() {
            SignedInUser mallory = Fixtures.signedInUser();
            assertProblem(decide(mallory, id, "approve").then(), 404);
            assertProblem(
                    given().cookie("countersign_session", mallory.sessionCookie())
                            .get("/api/me/requests/" + id)
                            .then(),
                    404);
            requestAsOwner().body("status", equalTo("pending"));
        }

        @Test
        void decidingAnExpiredRequestIsGone() {
            clock.advance(Duration.ofMinutes(6));
            assertProblem(decide(user, id, "approve").then(), 410);
            requestAsOwner().body("status", equalTo("expired"));
        }

        @Test
        void decidingWithoutTheCsrfTokenIsForbidden() {
            assertProblem(
                    given().cookie("countersign_session", user.sessionCookie())
                            .post("/api/me/requests/" + id + "/approve")
                            .then(),
                    403);
            assertProblem(
                    given().cookie("countersign_session", user.sessionCookie())
                            .header("X-CSRF-Token", "forged")
                            .post("/api/me/requests/" + id + "/approve")
                            .then(),
                    403);
            requestAsOwner().body("status", equalTo("pending"));
        }

        @Test
        void decidingWithoutASessionIsUnauthorized() {
            assertProblem(
                    given().header("X-CSRF-Token", user.csrfToken())
                            .post("/api/me/requests/" + id + "/approve")
                            .then(),
                    401);
            requestAsOwner().body("status", equalTo("pending"));
        }

        @Test
        void anUnknownOrHostileIdIsNotFound() {
            for (String hostile : new String[] {"does-not-exist", "' or '1'='1", "x".repeat(2000)}) {
                assertProblem(
                        given().cookie("countersign_session", user.sessionCookie())
                                .header("X-CSRF-Token", user.csrfToken())
                                .urlEncodingEnabled(true)
                                .post("/api/me/requests/{id}/approve", hostile)
                                .then(),
                        404);
            }
            requestAsOwner().body("status", equalTo("pending"));
        }
    }

    @Nested
    @DisplayName("The deny body")
    class DenyBody {
        ValidatableResponse deny(String body) {
            return given().cookie("countersign_session", user.sessionCookie())
                    .header("X-CSRF-Token", user.csrfToken())
                    .contentType("application/json")
                    .body(body)
                    .post("/api/me/requests/" + id + "/deny")
                    .then();
        }

        @Test
        void acceptsAReason() {
            deny("{\"reason\":\"I did not ask for this\"}").statusCode(204);
            requestAsOwner().body("status", equalTo("denied"));
        }

        @Test
        void refusesMalformedRepeatedUnknownAndOversizedBodies() {
            for (String bad : new String[] {
                "{\"reason\":",
                "{\"reason\":\"a\",\"reason\":\"b\"}",
                "{\"why\":\"x\"}",
                "{\"reason\":42}",
                "{\"reason\":\"" + "x".repeat(501) + "\"}",
                "{\"reason\":\"" + "x".repeat(70_000) + "\"}"
            }) {
                assertProblem(deny(bad), 400);
            }
            requestAsOwner().body("status", equalTo("pending"));
        }
    }
}
