package dev.countersign.approval.http;

import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.CibaCalls.poll;
import static dev.countersign.testing.CibaCalls.start;
import static dev.countersign.testing.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.StoredRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The user's decision API: a decision is made once, only by the request's user, only before it
 * expires, and only with the session's CSRF token; every refusal changes nothing.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class MeRequestsEndpointTest {
    @Inject
    MutableClock clock;

    @Inject
    StoredRequests stored;

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
    @DisplayName("Bounded lists: limit 1 to 500, default 100, newest first")
    class Limit {
        ValidatableResponse list(String query) {
            return given().cookie("countersign_session", user.sessionCookie())
                    .urlEncodingEnabled(false)
                    .get("/api/me/requests" + query)
                    .then();
        }

        @Test
        void returnsAtMostLimitRequestsNewestFirst() {
            List<String> older = stored.copies(id, 4, "PENDING", Duration.ofSeconds(-1));
            list("?limit=3").statusCode(200).body("id", contains(id, older.get(0), older.get(1)));
            list("?status=pending&limit=500").statusCode(200).body("id", hasSize(5));
        }

        @Test
        void returnsTheNewestHundredWithoutALimit() {
            List<String> older = stored.copies(id, 120, "PENDING", Duration.ofSeconds(-1));
            list("").statusCode(200)
                    .body("id", hasSize(100))
                    .body("[0].id", equalTo(id))
                    .body("[99].id", equalTo(older.get(98)));
            list("?limit=500").statusCode(200).body("id", hasSize(121));
        }

        @Test
        void boundsEveryStatus() {
            List<String> denied = stored.copies(id, 3, "DENIED", Duration.ofSeconds(-1));
            List<String> issued = stored.copies(id, 3, "ISSUED", Duration.ofSeconds(-1));
            List<String> approved = stored.copies(id, 3, "APPROVED", Duration.ofSeconds(1));
            list("?status=denied&limit=2").statusCode(200).body("id", contains(denied.get(0), denied.get(1)));
            list("?status=issued&limit=2").statusCode(200).body("id", contains(issued.get(0), issued.get(1)));
            list("?status=approved&limit=2").statusCode(200).body("id", contains(approved.get(2), approved.get(1)));
            clock.advance(Duration.ofMinutes(6));
            // Pending and approved-but-unredeemed requests past their expiry are listed as expired.
            list("?status=expired&limit=2").statusCode(200).body("id", contains(approved.get(2), approved.get(1)));
            list("?status=expired").statusCode(200).body("id", hasSize(4));
            list("?status=pending&limit=500").statusCode(200).body("id", hasSize(0));
        }

        @Test
        void neverCountsAnotherUsersRequests() {
            SignedInUser mallory = Fixtures.signedInUser();
            start(client, mallory.username(), "binding_message", "Mallory pays");
            // Mallory's requests are all newer than the user's: a limit counted across users would drop the user's.
            stored.copies(newestPendingId(mallory), 5, "PENDING", Duration.ofSeconds(1));
            list("?limit=1").statusCode(200).body("id", contains(id));
            list("?limit=500").statusCode(200).body("id", contains(id));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "?limit=0",
                    "?limit=501",
                    "?limit=-1",
                    "?limit=abc",
                    "?limit=1e3",
                    "?limit=",
                    "?limit=%2B5",
                    "?limit=5.0",
                    "?limit=%205",
                    "?limit=99999999999",
                    "?limit=5&limit=6",
                    "?limit=5&limit=5",
                    "?status=pending&limit=0"
                })
        void refusesALimitThatIsNotOneWholeNumberFrom1To500(String query) {
            assertProblem(list(query), 400);
            requestAsOwner().body("status", equalTo("pending"));
            Fixtures.pendingOf(user).body("id", contains(id));
        }

        @Test
        void stillRefusesAnUnknownStatusWithAGoodLimit() {
            assertProblem(list("?status=everything&limit=5"), 400);
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
