package dev.countersign.approval.http;

import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.CibaCalls.start;
import static dev.countersign.testing.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.StoredRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The approval app's pages, PWA files and passkey API over HTTP: security headers on every page,
 * sign-in required, one user never sees or decides another's request, CSRF on every state change,
 * and bad input answered with a clear 4xx that changes nothing.
 */
@QuarkusTest
class AppPagesEndpointTest {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none';"
            + " base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    @Inject
    StoredRequests stored;

    SignedInUser user;
    RegisteredClient agent;

    @BeforeEach
    void signIn() {
        user = Fixtures.signedInUser();
        agent = Fixtures.client();
    }

    ValidatableResponse page(SignedInUser who, String path) {
        return given().redirects()
                .follow(false)
                .cookie("countersign_session", who.sessionCookie())
                .get(path)
                .then();
    }

    @Nested
    @DisplayName("Security headers (CSP Level 3, Fetch nosniff, Referrer Policy)")
    class Headers {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/app/signin",
                    "/app",
                    "/app/history",
                    "/app/devices",
                    "/app/passkeys",
                    "/app/requests/unknown",
                    "/manifest.webmanifest",
                    "/sw.js",
                    "/static/app.js",
                    "/static/app.css",
                    "/api/me"
                })
        void everyPageAndFileCarriesTheStrictPolicy(String path) {
            page(user, path)
                    .header("Content-Security-Policy", equalTo(CSP))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Referrer-Policy", equalTo("no-referrer"))
                    .header("X-Frame-Options", equalTo("DENY"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/app", "/app/history", "/app/devices", "/app/passkeys", "/app/requests/unknown"})
        void pagesWithUserDataAreNeverCached(String path) {
            page(user, path).header("Cache-Control", equalTo("no-store"));
        }

        @Test
        void pagesHaveNoInlineScriptOrStyle() {
            String id = requestOf(user);
            for (String path : new String[] {"/app/signin", "/app", "/app/requests/" + id, "/app/passkeys"}) {
                page(user, path)
                        .statusCode(200)
                        .body(not(containsString("<script>")))
                        .body(not(containsString("style=")))
                        .body(not(containsString("<style")))
                        .body(not(matchesPattern("(?s).*\\son[a-z]+=.*")));
            }
        }
    }

    @Nested
    @DisplayName("Sign-in required")
    class SignInRequired {
        @ParameterizedTest
        @ValueSource(strings = {"/app", "/app/history", "/app/devices", "/app/passkeys", "/app/requests/x"})
        void pagesSendAnAnonymousBrowserToSignIn(String path) {
            given().redirects()
                    .follow(false)
                    .get(path)
                    .then()
                    .statusCode(303)
                    .header("Location", endsWith("/app/signin"));
            given().redirects()
                    .follow(false)
                    .cookie("countersign_session", "expired-or-forged")
                    .get(path)
                    .then()
                    .statusCode(303);
        }

        @Test
        void theSignInPageOffersPasskeyFirstAndPasswordAsFallback() {
            given().get("/app/signin")
                    .then()
                    .statusCode(200)
                    .contentType(containsString("text/html"))
                    .body(containsString("id=\"passkey-sign-in\""))
                    .body(containsString("id=\"password-form\""));
        }
    }

    String requestOf(SignedInUser who) {
        start(agent, who.username(), "binding_message", "Pay 42 EUR");
        return newestPendingId(who);
    }

    @Nested
    @DisplayName("Pages")
    class Pages {
        @Test
        void theInboxListsPendingRequestsAndOffersAPasskey() {
            String id = requestOf(user);
            page(user, "/app")
                    .statusCode(200)
                    .body(containsString("href=\"/app/requests/" + id + "\""))
                    .body(containsString("Pay 42 EUR"))
                    .body(containsString("id=\"passkey-offer\""));
        }

        @Test
        void theRequestPageSaysWhoAsksWhatHappensAndWhichPermissionsInPlainWords() {
            String id = requestOf(user);
            page(user, "/app/requests/" + id)
                    .statusCode(200)
                    .body(containsString("<span id=\"agent\">Test agent</span>"))
                    .body(containsString("<p class=\"binding\" id=\"binding-message\">Pay 42 EUR</p>"))
                    .body(containsString("If you approve, Test agent receives"))
                    .body(containsString("<li>Confirm that it is you</li>"))
                    .body(containsString("<li>payments (no description)</li>"))
                    .body(containsString("data-status=\"pending\""))
                    .body(containsString("id=\"approve\""))
                    .body(containsString("id=\"deny\""));
        }

        @Test
        void everyValueIsEscaped() {
            RegisteredClient evil = Fixtures.client(Map.of("client_name", "<img src=x onerror=alert(1)>"));
            start(evil, user.username());
            page(user, "/app")
                    .statusCode(200)
                    .body(not(containsString("<img src=x")))
                    .body(containsString("&lt;img src=x onerror=alert(1)&gt;"));
        }

        @Test
        void aDecidedRequestMovesToHistoryAndLosesItsButtons() {
            String id = requestOf(user);
            decide(user, id, "deny").then().statusCode(204);
            page(user, "/app/history").statusCode(200).body(containsString("/app/requests/" + id));
            page(user, "/app/requests/" + id)
                    .statusCode(200)
                    .body(containsString("This request is denied."))
                    .body(not(containsString("id=\"approve\"")));
        }
    }

    @Nested
    @DisplayName("Long lists: a page shows the 100 newest and says so")
    class LongLists {
        static int links(ValidatableResponse page) {
            return page.extract().asString().split("data-request-id=", -1).length - 1;
        }

        @Test
        void historyShowsTheNewestHundredAndSaysThereAreMore() {
            String id = requestOf(user);
            decide(user, id, "deny").then().statusCode(204);
            List<String> older = stored.copies(id, 100, "DENIED", Duration.ofSeconds(-1));
            ValidatableResponse history = page(user, "/app/history")
                    .statusCode(200)
                    .body(containsString("id=\"history-more\""))
                    .body(containsString("Showing your 100 most recent requests only"))
                    .body(containsString("/app/requests/" + id))
                    .body(containsString("/app/requests/" + older.get(98)))
                    .body(not(containsString("/app/requests/" + older.get(99))));
            assertEquals(100, links(history));
        }

        @Test
        void historyOfAtMostHundredSaysNothingMore() {
            String id = requestOf(user);
            decide(user, id, "deny").then().statusCode(204);
            stored.copies(id, 99, "DENIED", Duration.ofSeconds(-1));
            ValidatableResponse history =
                    page(user, "/app/history").statusCode(200).body(not(containsString("history-more")));
            assertEquals(100, links(history));
        }

        @Test
        void inboxShowsTheNewestHundredWaitingAndSaysThereAreMore() {
            String id = requestOf(user);
            page(user, "/app").statusCode(200).body(not(containsString("requests-more")));
            stored.copies(id, 100, "PENDING", Duration.ofSeconds(-1));
            ValidatableResponse inbox = page(user, "/app")
                    .statusCode(200)
                    .body(containsString("id=\"requests-more\""))
                    .body(containsString("/app/requests/" + id));
            assertEquals(100, links(inbox));
        }
    }

    @Nested
    @DisplayName("One user never sees or decides another user's request")
    class OtherUsers {
        @Test
        void anotherUsersRequestIsTheSameNotFoundAsAMissingOneAndStaysPending() {
            String id = requestOf(user);
            SignedInUser other = Fixtures.signedInUser();
            page(other, "/app/requests/" + id)
                    .statusCode(404)
                    .header("Cache-Control", equalTo("no-store"))
                    .body(containsString("does not exist, or it is not yours"))
                    .body(not(containsString("Pay 42 EUR")));
            page(other, "/app").body(not(containsString(id)));
            page(other, "/app/history").body(not(containsString(id)));
            assertProblem(decide(other, id, "approve").then(), 404);
            assertProblem(decide(other, id, "deny").then(), 404);
            Fixtures.pendingOf(user).body("id", hasSize(1)).body("[0].id", equalTo(id));
        }
    }

    @Nested
    @DisplayName("PWA: Web App Manifest and service worker")
    class Pwa {
        @Test
        void theManifestMakesTheAppInstallable() {
            given().get("/manifest.webmanifest")
                    .then()
                    .statusCode(200)
                    .contentType(containsString("application/manifest+json"))
                    .body("name", equalTo("Countersign"))
                    .body("start_url", equalTo("/app"))
                    .body("display", equalTo("standalone"))
                    .body("icons.src", org.hamcrest.Matchers.hasItems("/static/icon-192.png", "/static/icon-512.png"));
            given().get("/static/icon-192.png").then().statusCode(200).contentType(containsString("image/png"));
            given().get("/static/icon-512.png").then().statusCode(200);
        }

        @Test
        void theServiceWorkerIsServedUncachedFromTheRoot() {
            given().get("/sw.js")
                    .then()
                    .statusCode(200)
                    .contentType(containsString("text/javascript"))
                    .header("Cache-Control", equalTo("no-cache"))
                    .header("Service-Worker-Allowed", equalTo("/"))
                    .body(containsString("addEventListener('push'"))
                    .body(containsString("addEventListener('notificationclick'"));
        }
    }

    @Nested
    @DisplayName("Passkeys API (WebAuthn Level 2 §7.1, §7.2)")
    class PasskeysApi {
        ValidatableResponse call(String method, String path, Object body, boolean csrf) {
            var spec = given().cookie("countersign_session", user.sessionCookie());
            if (csrf) {
                spec = spec.header("X-CSRF-Token", user.csrfToken());
            }
            if (body != null) {
                spec = spec.contentType(ContentType.JSON).body(body);
            }
            return spec.request(method, path).then();
        }

        @Test
        void registrationOptionsAskForADiscoverableUserVerifiedPasskeyForThisRelyingParty() {
            call("POST", "/api/me/passkeys/registration-options", null, true)
                    .statusCode(200)
                    .header("Cache-Control", equalTo("no-store"))
                    .cookie("_quarkus_webauthn_challenge", notNullValue())
                    .body("rp.id", equalTo("localhost"))
                    .body("rp.name", equalTo("Countersign"))
                    .body("user.name", equalTo(user.sub()))
                    .body("authenticatorSelection.residentKey", equalTo("required"))
                    .body("authenticatorSelection.userVerification", equalTo("required"))
                    .body("challenge", notNullValue());
        }

        @Test
        void signInOptionsNameNoCredentialSoNoUsernameIsNeeded() {
            given().post("/api/me/session/passkey-options")
                    .then()
                    .statusCode(200)
                    .body("rpId", equalTo("localhost"))
                    .body("userVerification", equalTo("required"))
                    .body("allowCredentials", hasSize(0));
        }

        @Test
        void everyStateChangeNeedsTheCsrfToken() {
            assertProblem(call("POST", "/api/me/passkeys/registration-options", null, false), 403);
            assertProblem(call("POST", "/api/me/passkeys", Map.of("name", "x", "credential", Map.of()), false), 403);
            assertProblem(call("PATCH", "/api/me/passkeys/any", Map.of("name", "x"), false), 403);
            assertProblem(call("DELETE", "/api/me/passkeys/any", null, false), 403);
            assertProblem(given().delete("/api/me/session").then(), 401);
        }

        @Test
        void badInputIsAClearErrorAndNothingIsStored() {
            assertProblem(call("POST", "/api/me/passkeys", "{", true), 400);
            assertProblem(call("POST", "/api/me/passkeys", Map.of("name", "x"), true), 400);
            assertProblem(call("POST", "/api/me/passkeys", Map.of("name", "", "credential", Map.of()), true), 400);
            assertProblem(
                    call("POST", "/api/me/passkeys", Map.of("name", "x".repeat(61), "credential", Map.of()), true),
                    400);
            assertProblem(
                    call("POST", "/api/me/passkeys", Map.of("name", "Phone", "credential", Map.of("id", "x")), true),
                    400);
            assertProblem(call("POST", "/api/me/passkeys", Map.of("name", "Phone", "extra", 1), true), 400);
            assertProblem(call("PATCH", "/api/me/passkeys/unknown", Map.of("name", "Phone"), true), 404);
            assertProblem(call("PATCH", "/api/me/passkeys/unknown", Map.of("name", "a\u0000b"), true), 400);
            assertProblem(call("DELETE", "/api/me/passkeys/unknown", null, true), 404);
            call("GET", "/api/me/passkeys", null, false).statusCode(200).body("$", hasSize(0));
        }

        @Test
        void aForgedOrUnknownPasskeySignsNobodyIn() {
            assertProblem(
                    given().contentType(ContentType.JSON)
                            .body("[]")
                            .post("/api/me/session/passkey")
                            .then(),
                    400);
            assertProblem(
                    given().contentType(ContentType.JSON)
                            .body("{")
                            .post("/api/me/session/passkey")
                            .then(),
                    400);
            String challenge = given().post("/api/me/session/passkey-options")
                    .then()
                    .statusCode(200)
                    .extract()
                    .cookie("_quarkus_webauthn_challenge");
            Map<String, Object> forged = Map.of(
                    "id", "AAAA",
                    "rawId", "AAAA",
                    "type", "public-key",
                    "response",
                            Map.of(
                                    "clientDataJSON", "e30",
                                    "authenticatorData", "AAAA",
                                    "signature", "AAAA"));
            given().cookie("_quarkus_webauthn_challenge", challenge)
                    .contentType(ContentType.JSON)
                    .body(forged)
                    .post("/api/me/session/passkey")
                    .then()
                    .statusCode(401)
                    .header("Set-Cookie", not(containsString("countersign_session")));
            given().contentType(ContentType.JSON)
                    .body(forged)
                    .post("/api/me/session/passkey")
                    .then()
                    .statusCode(401);
        }
    }
}
