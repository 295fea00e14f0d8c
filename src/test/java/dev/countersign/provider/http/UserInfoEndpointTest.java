package dev.countersign.provider.http;

import static dev.countersign.testing.GrantCalls.agent;
import static dev.countersign.testing.GrantCalls.approvedTokens;
import static dev.countersign.testing.GrantCalls.clientCredentials;
import static dev.countersign.testing.GrantCalls.revoke;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.GrantCalls;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class UserInfoEndpointTest {
    @Inject
    MutableClock clock;

    RegisteredClient client;
    SignedInUser user;

    @BeforeEach
    void setUp() {
        client = Fixtures.client(Map.of("scope", "openid profile email payments"));
        user = Fixtures.signedInUser();
    }

    String accessToken(String scope) {
        return approvedTokens(client, user, scope).getString("access_token");
    }

    static Map<String, Object> claims(Response r) {
        return r.then()
                .statusCode(200)
                .contentType(equalTo("application/json"))
                .header("Cache-Control", "no-store")
                .extract()
                .jsonPath()
                .getMap("");
    }

    static void assertBearerError(Response r, int status, String error) {
        r.then()
                .statusCode(status)
                .header("WWW-Authenticate", containsString("Bearer realm=\"countersign\""))
                .header("WWW-Authenticate", containsString("error=\"" + error + "\""))
                .header("Cache-Control", "no-store")
                .body("error", equalTo(error));
    }

    @Nested
    @DisplayName("OpenID Connect Core §5.3 UserInfo Endpoint and §5.4 claims by scope")
    class Claims {
        @Test
        void answersSubNameAndEmailForProfileAndEmailOnGet() {
            String token = accessToken("openid profile email");
            Response r = given().auth().oauth2(token).get("/userinfo");
            assertThat(claims(r))
                    .isEqualTo(Map.of(
                            "sub",
                            user.sub(),
                            "name",
                            "Test " + user.username(),
                            "email",
                            user.username() + "@example.com"));
        }

        @Test
        void answersOnlySubForOpenidAlone() {
            String token = accessToken("openid");
            assertThat(claims(given().auth().oauth2(token).get("/userinfo"))).isEqualTo(Map.of("sub", user.sub()));
        }

        @Test
        void answersOnlyTheEmailScopesClaims() {
            String token = accessToken("openid email");
            assertThat(claims(given().auth().oauth2(token).get("/userinfo")))
                    .isEqualTo(Map.of("sub", user.sub(), "email", user.username() + "@example.com"));
        }

        @Test
        void acceptsPostWithTheAuthorizationHeader() {
            String token = accessToken("openid profile");
            Response r = given().auth().oauth2(token).post("/userinfo");
            assertThat(claims(r)).containsEntry("sub", user.sub()).containsKey("name");
        }
    }

    @Nested
    @DisplayName("RFC 6750 §2 Authenticated Requests")
    class TokenTransport {
        @Test
        void acceptsTheTokenInTheFormBody() {
            String token = accessToken("openid");
            Response r = given().contentType("application/x-www-form-urlencoded")
                    .formParam("access_token", token)
                    .post("/userinfo");
            assertThat(claims(r)).containsEntry("sub", user.sub());
        }

        @Test
        void rejectsATokenSentInTheHeaderAndTheBodyAsInvalidRequest() {
            String token = accessToken("openid");
            given().auth()
                    .oauth2(token)
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("access_token", token)
                    .post("/userinfo")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }

        @Test
        void answersARequestWithoutATokenWithABareChallenge() {
            given().get("/userinfo")
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", equalTo("Bearer realm=\"countersign\""))
                    .header("Cache-Control", "no-store");
        }

        @Test
        void treatsAnotherAuthenticationSchemeAsNoToken() {
            given().auth()
                    .preemptive()
                    .basic("someone", "secret")
                    .get("/userinfo")
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", equalTo("Bearer realm=\"countersign\""));
        }
    }

    @Nested
    @DisplayName("RFC 6750 §3.1 Error Codes")
    class Errors {
        @Test
        void anInvalidTokenIs401InvalidToken() {
            assertBearerError(given().auth().oauth2("garbage").get("/userinfo"), 401, "invalid_token");
        }

        @Test
        void anExpiredTokenIs401InvalidToken() {
            String token = accessToken("openid");
            clock.advance(Duration.ofMinutes(5));
            assertBearerError(given().auth().oauth2(token).get("/userinfo"), 401, "invalid_token");
        }

        @Test
        void aRevokedTokenIs401InvalidToken() {
            String token = accessToken("openid");
            revoke(client, token).then().statusCode(200);
            assertBearerError(given().auth().oauth2(token).get("/userinfo"), 401, "invalid_token");
        }

        @Test
        void aUsersTokenWithoutOpenidIs403InsufficientScope() {
            // CIBA always grants openid; a refresh can narrow it away (RFC 6749 §6).
            RegisteredClient offline = GrantCalls.offlineClient();
            String refreshToken =
                    approvedTokens(offline, user, GrantCalls.OFFLINE_SCOPE).getString("refresh_token");
            String token = GrantCalls.refresh(offline, refreshToken, "scope", "payments")
                    .path("access_token");
            assertBearerError(given().auth().oauth2(token).get("/userinfo"), 403, "insufficient_scope");
        }

        @Test
        void aClientCredentialsTokenHasNoUserAndIs403InsufficientScope() {
            RegisteredClient agent = agent(Map.of("scope", "openid reports.read"));
            String token = clientCredentials(agent).path("access_token");
            assertBearerError(given().auth().oauth2(token).get("/userinfo"), 403, "insufficient_scope");
        }

        @Test
        void aTokenOfADeletedUserIs401InvalidToken() {
            String token = accessToken("openid");
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .delete("/admin/users/" + user.sub())
                    .then()
                    .statusCode(204);
            assertBearerError(given().auth().oauth2(token).get("/userinfo"), 401, "invalid_token");
        }

        @Test
        void anIdTokenIsNotAnAccessToken() {
            String idToken = approvedTokens(client, user, "openid").getString("id_token");
            assertBearerError(given().auth().oauth2(idToken).get("/userinfo"), 401, "invalid_token");
        }
    }
}
