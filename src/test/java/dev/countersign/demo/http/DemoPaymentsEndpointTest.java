package dev.countersign.demo.http;

import static dev.countersign.testing.CibaCalls.bcAuthorize;
import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.form;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.CibaCalls.poll;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.GrantCalls;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The demo payments API as a resource server, with real tokens from the embedded provider: a CIBA
 * token approved for "42.00 EUR to Bob Smith" pays exactly that (once per Idempotency-Key) and
 * nothing more; other tokens are refused as RFC 6750 §3.1 says.
 */
@QuarkusTest
class DemoPaymentsEndpointTest {
    private static final String BOB = "{\"amount\":\"42.00\",\"currency\":\"EUR\",\"creditor\":\"Bob Smith\"}";

    /** The configured audience of the demo API (application.properties, test profile). */
    private static final String AUDIENCE = "https://payments.example/demo";

    private RegisteredClient agent;
    private SignedInUser user;

    @BeforeEach
    void agentAndUser() {
        agent = Fixtures.client(Map.of("scope", "openid payments:write"));
        user = Fixtures.signedInUser();
    }

    private String details(String location) {
        return "[{\"type\":\"payment_initiation\",\"locations\":[\"" + location + "\"],"
                + "\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"42.00\"},"
                + "\"creditorName\":\"Bob Smith\"}]";
    }

    /** The whole CIBA flow: ask, the user approves, one poll. */
    private String approvedToken(String scope, String authorizationDetails) {
        Response ack = bcAuthorize(
                agent,
                form(
                        "scope",
                        scope,
                        "login_hint",
                        user.username(),
                        "binding_message",
                        "Pay-42-EUR-to-Bob",
                        "authorization_details",
                        authorizationDetails));
        ack.then().statusCode(200);
        decide(user, newestPendingId(user), "approve").then().statusCode(204);
        Response tokens = poll(agent, ack.path("auth_req_id"));
        tokens.then().statusCode(200);
        return tokens.path("access_token");
    }

    private String paymentToken() {
        return approvedToken("openid payments:write", details(AUDIENCE));
    }

    private static Response pay(String token, String key, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.post("/demo/payments");
    }

    @Nested
    @DisplayName("RFC 9396 §1.1: pays what the user approved, once")
    class Approved {
        @Test
        void paysTheApprovedAmountToTheApprovedCreditor() {
            pay(paymentToken(), UUID.randomUUID().toString(), BOB)
                    .then()
                    .statusCode(201)
                    .header("Cache-Control", containsString("no-store"))
                    .body("status", equalTo("accepted"))
                    .body("amount", equalTo("42.00"))
                    .body("currency", equalTo("EUR"))
                    .body("creditor", equalTo("Bob Smith"))
                    .body("debtor", equalTo(user.sub()))
                    .body("agent", equalTo(agent.clientId()));
        }

        @Test
        void paysLessThanApproved() {
            pay(paymentToken(), UUID.randomUUID().toString(), BOB.replace("42.00", "12.50"))
                    .then()
                    .statusCode(201)
                    .body("amount", equalTo("12.50"));
        }

        @Test
        void aRepeatedIdempotencyKeyReturnsTheFirstPaymentInsteadOfPayingAgain() {
            String token = paymentToken();
            String key = UUID.randomUUID().toString();
            String first = pay(token, key, BOB).then().statusCode(201).extract().path("payment_id");

            pay(token, key, BOB).then().statusCode(200).body("payment_id", equalTo(first));
        }

        @Test
        void theSameKeyForAnotherPaymentIsAConflict() {
            String token = paymentToken();
            String key = UUID.randomUUID().toString();
            pay(token, key, BOB).then().statusCode(201);

            pay(token, key, BOB.replace("42.00", "41.00")).then().statusCode(409);
        }
    }

    @Nested
    @DisplayName("RFC 9396 §1.1: refuses what the user did not approve")
    class NotApproved {
        @Test
        void refusesMoreThanTheApprovedAmount() {
            pay(paymentToken(), UUID.randomUUID().toString(), BOB.replace("42.00", "42.01"))
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("detail", equalTo("the approved payment_initiation does not cover 42.01 EUR to Bob Smith"));
        }

        @Test
        void refusesAnotherCreditor() {
            pay(paymentToken(), UUID.randomUUID().toString(), BOB.replace("Bob Smith", "Mallory"))
                    .then()
                    .statusCode(403)
                    .body("detail", containsString("Mallory"));
        }

        @Test
        void refusesAnotherCurrency() {
            pay(paymentToken(), UUID.randomUUID().toString(), BOB.replace("EUR", "USD"))
                    .then()
                    .statusCode(403);
        }
    }

    @Nested
    @DisplayName("RFC 6750 §3.1: invalid_token, insufficient_scope")
    class Tokens {
        @Test
        void answersABareChallengeWithoutAToken() {
            pay(null, "k", BOB)
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", equalTo("Bearer realm=\"countersign\""));
        }

        @Test
        void refusesATokenThatIsNotTheProvidersAsInvalid() {
            pay("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "k", BOB)
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        }

        @Test
        void refusesATokenForAnotherAudienceAsInvalid() {
            String token = approvedToken("openid payments:write", details("https://bank.example/payments"));

            pay(token, "k", BOB)
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        }

        @Test
        void refusesATokenWithoutThePaymentsScope() {
            String token = approvedToken("openid", details(AUDIENCE));

            pay(token, "k", BOB)
                    .then()
                    .statusCode(403)
                    .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""))
                    .body("error", equalTo("insufficient_scope"));
        }

        @Test
        void refusesAnAgentActingAsItself() {
            RegisteredClient service =
                    GrantCalls.agent(Map.of("scope", "payments:write", "resource_indicators", List.of(AUDIENCE)));
            String token = GrantCalls.clientCredentials(service, "scope", "payments:write", "resource", AUDIENCE)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("access_token");

            pay(token, "k", BOB).then().statusCode(403).body("detail", containsString("act.sub"));
        }
    }

    @Nested
    @DisplayName("Bad input changes nothing")
    class BadInput {
        @Test
        void requiresAnIdempotencyKey() {
            pay(paymentToken(), null, BOB).then().statusCode(400).body("detail", containsString("Idempotency-Key"));
        }

        @Test
        void refusesAnAmountThatIsNotADecimalString() {
            pay(paymentToken(), "k", BOB.replace("\"42.00\"", "\"-1\"")).then().statusCode(400);
            pay(paymentToken(), "k", BOB.replace("\"42.00\"", "\"1e3\"")).then().statusCode(400);
        }

        @Test
        void refusesABodyThatIsNotJson() {
            pay(paymentToken(), "k", "not json").then().statusCode(400);
        }
    }
}
