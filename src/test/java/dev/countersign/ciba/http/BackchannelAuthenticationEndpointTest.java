package dev.countersign.ciba.http;

import static dev.countersign.testing.CibaCalls.FORM;
import static dev.countersign.testing.CibaCalls.asClient;
import static dev.countersign.testing.CibaCalls.bcAuthorize;
import static dev.countersign.testing.CibaCalls.form;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.common.SecretHasher;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class BackchannelAuthenticationEndpointTest {
    @Inject
    BackchannelRequestRepository requests;

    @Inject
    SecretHasher hasher;

    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    RegisteredClient client;
    SignedInUser user;

    @BeforeEach
    void setUp() {
        client = Fixtures.client();
        user = Fixtures.signedInUser();
    }

    long storedRequests() {
        return QuarkusTransaction.requiringNew().call(() -> requests.count());
    }

    /** Runs the call and proves it answered the OAuth error and stored nothing. */
    void assertRefused(Supplier<Response> call, int status, String error) {
        long before = storedRequests();
        call.get()
                .then()
                .statusCode(status)
                .contentType(equalTo("application/json"))
                .header("Cache-Control", "no-store")
                .body("error", equalTo(error))
                .body("error_description", notNullValue());
        assertThat(storedRequests()).isEqualTo(before);
    }

    void assertRefused(String body, String error) {
        assertRefused(() -> bcAuthorize(client, body), 400, error);
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7.3 successful acknowledgement")
    class Acknowledgement {
        @Test
        void answersAuthReqIdExpiresInAndIntervalUncached() {
            bcAuthorize(client, form("scope", "openid", "login_hint", user.username()))
                    .then()
                    .statusCode(200)
                    .contentType(equalTo("application/json"))
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .body("auth_req_id", matchesPattern("[A-Za-z0-9_-]{43}"))
                    .body("expires_in", equalTo(300))
                    .body("interval", equalTo(5));
        }

        @Test
        void storesOnlyAHashOfTheAuthReqId() {
            String authReqId = bcAuthorize(client, form("scope", "openid", "login_hint", user.username()))
                    .path("auth_req_id");
            QuarkusTransaction.requiringNew().run(() -> {
                assertThat(requests.find("authReqIdHash", authReqId).count()).isZero();
                assertThat(requests.findByAuthReqIdHash(hasher.hash(authReqId))).isPresent();
            });
        }

        @Test
        void honoursRequestedExpirySentAsANumericString() {
            bcAuthorize(client, form("scope", "openid", "login_hint", user.username(), "requested_expiry", "120"))
                    .then()
                    .statusCode(200)
                    .body("expires_in", equalTo(120));
        }

        @Test
        void capsRequestedExpiryAtTheConfiguredMaximum() {
            bcAuthorize(client, form("scope", "openid", "login_hint", user.username(), "requested_expiry", "86400"))
                    .then()
                    .statusCode(200)
                    .body("expires_in", equalTo(600));
        }

        @Test
        void showsTheRequestToTheUserWithItsBindingMessageAndDetails() {
            String details =
                    "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"42.00\"}}]";
            bcAuthorize(
                            client,
                            form(
                                    "scope",
                                    "openid payments",
                                    "login_hint",
                                    user.username(),
                                    "binding_message",
                                    "Pay €42.00 to Bob Smith",
                                    "authorization_details",
                                    details))
                    .then()
                    .statusCode(200);
            given().cookie("countersign_session", user.sessionCookie())
                    .get("/api/me/requests?status=pending")
                    .then()
                    .statusCode(200)
                    .body("size()", equalTo(1))
                    .body("[0].binding_message", equalTo("Pay €42.00 to Bob Smith"))
                    .body("[0].client_id", equalTo(client.clientId()))
                    .body("[0].client_name", equalTo("Test agent"))
                    .body("[0].scope", equalTo("openid payments"))
                    // The details are shown in words (issue 4), never as raw JSON.
                    .body("[0].display.sentences[0]", equalTo("Pay €42.00 to an unnamed payee"))
                    .body("[0].authorization_details", equalTo(null))
                    .body("[0].status", equalTo("pending"))
                    .body("[0].auth_req_id", equalTo(null));
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7.1 login_hint forms")
    class LoginHints {
        @Test
        void resolvesAnEmailAddress() {
            bcAuthorize(client, form("scope", "openid", "login_hint", user.username() + "@example.com"))
                    .then()
                    .statusCode(200);
        }

        @Test
        void resolvesASub() {
            bcAuthorize(client, form("scope", "openid", "login_hint", user.sub()))
                    .then()
                    .statusCode(200);
        }

        @Test
        void resolvesAuth0sIssSubJsonForm() {
            String hint = "{\"format\":\"iss_sub\",\"iss\":\"" + issuer + "/\",\"sub\":\"" + user.sub() + "\"}";
            bcAuthorize(client, form("scope", "openid", "login_hint", hint))
                    .then()
                    .statusCode(200);
        }

        @Test
        void refusesAnIssSubHintOfAnotherIssuerAsUnknownUser() {
            String hint = "{\"format\":\"iss_sub\",\"iss\":\"https://evil.example\",\"sub\":\"" + user.sub() + "\"}";
            assertRefused(form("scope", "openid", "login_hint", hint), "unknown_user_id");
        }

        @Test
        void refusesMalformedJsonHintAsInvalidRequest() {
            assertRefused(form("scope", "openid", "login_hint", "{\"format\":"), "invalid_request");
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §13 authentication error responses")
    class Errors {
        @Test
        void wrongSecretIsInvalidClientWith401AndAChallenge() {
            long before = storedRequests();
            given().auth()
                    .preemptive()
                    .basic(client.clientId(), "wrong")
                    .contentType(FORM)
                    .body(form("scope", "openid", "login_hint", user.username()))
                    .post("/bc-authorize")
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", notNullValue())
                    .body("error", equalTo("invalid_client"));
            assertThat(storedRequests()).isEqualTo(before);
        }

        @Test
        void noClientAuthenticationIsInvalidClient() {
            assertRefused(
                    () -> given().contentType(FORM)
                            .body(form("scope", "openid", "login_hint", user.username()))
                            .post("/bc-authorize"),
                    401,
                    "invalid_client");
        }

        @Test
        void missingScopeIsInvalidRequest() {
            assertRefused(form("login_hint", user.username()), "invalid_request");
        }

        @Test
        void scopeWithoutOpenidIsInvalidScope() {
            assertRefused(form("scope", "payments", "login_hint", user.username()), "invalid_scope");
        }

        @Test
        void unregisteredScopeIsInvalidScope() {
            assertRefused(form("scope", "openid admin", "login_hint", user.username()), "invalid_scope");
        }

        @Test
        void noHintIsInvalidRequest() {
            assertRefused(form("scope", "openid"), "invalid_request");
        }

        @Test
        void twoHintsAreInvalidRequest() {
            assertRefused(
                    form("scope", "openid", "login_hint", user.username(), "login_hint_token", "x"), "invalid_request");
        }

        @Test
        void unknownUserIsUnknownUserId() {
            assertRefused(form("scope", "openid", "login_hint", "nobody-" + user.username()), "unknown_user_id");
        }

        @Test
        void hostileLoginHintIsJustAnUnknownUser() {
            assertRefused(form("scope", "openid", "login_hint", "' or '1'='1' --"), "unknown_user_id");
        }

        @Test
        void controlCharactersInBindingMessageAreInvalidBindingMessage() {
            assertRefused(
                    form("scope", "openid", "login_hint", user.username(), "binding_message", "Pay\u0000 now"),
                    "invalid_binding_message");
        }

        @Test
        void overlongBindingMessageIsInvalidBindingMessage() {
            assertRefused(
                    form("scope", "openid", "login_hint", user.username(), "binding_message", "x".repeat(121)),
                    "invalid_binding_message");
        }

        @Test
        void nonIntegerRequestedExpiryIsInvalidRequest() {
            assertRefused(
                    form("scope", "openid", "login_hint", user.username(), "requested_expiry", "soon"),
                    "invalid_request");
        }

        @Test
        void unregisteredAuthorizationDetailsTypeIsInvalidAuthorizationDetails() {
            assertRefused(
                    form(
                            "scope", "openid",
                            "login_hint", user.username(),
                            "authorization_details", "[{\"type\":\"account_information\"}]"),
                    "invalid_authorization_details");
        }

        @Test
        void malformedAuthorizationDetailsIsInvalidAuthorizationDetails() {
            assertRefused(
                    form("scope", "openid", "login_hint", user.username(), "authorization_details", "[{"),
                    "invalid_authorization_details");
        }

        @Test
        void bothClientAuthenticationMethodsAtOnceAreInvalidRequest() {
            assertRefused(
                    () -> asClient(client)
                            .contentType(FORM)
                            .body(form(
                                    "scope", "openid",
                                    "login_hint", user.username(),
                                    "client_id", client.clientId(),
                                    "client_secret", client.clientSecret()))
                            .post("/bc-authorize"),
                    400,
                    "invalid_request");
        }
    }

    @Nested
    @DisplayName("Bad input changes nothing")
    class BadInput {
        @Test
        void repeatedParameterIsInvalidRequest() {
            assertRefused("scope=openid&login_hint=" + user.username() + "&scope=openid", "invalid_request");
        }

        @Test
        void oneMegabyteParameterIsInvalidRequest() {
            assertRefused(
                    form("scope", "openid", "login_hint", user.username(), "binding_message", "x".repeat(1 << 20)),
                    "invalid_request");
        }

        @Test
        void brokenPercentEncodingIsInvalidRequest() {
            assertRefused("scope=openid&login_hint=%E2%82", "invalid_request");
        }

        @Test
        void jsonBodyIsRefusedWithUnsupportedMediaType() {
            assertRefused(
                    () -> asClient(client)
                            .contentType("application/json")
                            .body(Map.of("scope", "openid", "login_hint", user.username()))
                            .post("/bc-authorize"),
                    415,
                    "invalid_request");
        }

        @Test
        void getIsMethodNotAllowed() {
            ValidatableResponse r = asClient(client).get("/bc-authorize").then();
            r.statusCode(405).body("error", equalTo("invalid_request"));
        }
    }
}
