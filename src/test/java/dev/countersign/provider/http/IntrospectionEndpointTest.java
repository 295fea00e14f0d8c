package dev.countersign.provider.http;

import static dev.countersign.testing.GrantCalls.OFFLINE_SCOPE;
import static dev.countersign.testing.GrantCalls.agent;
import static dev.countersign.testing.GrantCalls.approvedTokens;
import static dev.countersign.testing.GrantCalls.clientCredentials;
import static dev.countersign.testing.GrantCalls.introspect;
import static dev.countersign.testing.GrantCalls.offlineClient;
import static dev.countersign.testing.GrantCalls.refresh;
import static dev.countersign.testing.GrantCalls.revoke;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class IntrospectionEndpointTest {
    @Inject
    MutableClock clock;

    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    RegisteredClient client;
    SignedInUser user;
    JsonPath tokens;

    @BeforeEach
    void setUp() {
        client = offlineClient();
        user = Fixtures.signedInUser();
        tokens = approvedTokens(client, user, OFFLINE_SCOPE);
    }

    static JsonPath answer(Response r) {
        return r.then()
                .statusCode(200)
                .contentType(equalTo("application/json"))
                .header("Cache-Control", "no-store")
                .extract()
                .jsonPath();
    }

    static void assertInactive(Response r) {
        assertThat(answer(r).getMap("")).isEqualTo(Map.of("active", false));
    }

    @Nested
    @DisplayName("RFC 7662 §2.2 Introspection Response: active tokens")
    class Active {
        @Test
        void describesTheClientsOwnAccessTokenWithTheMembersOfSection22() {
            JsonPath json = answer(introspect(client, tokens.getString("access_token")));
            assertThat(json.getBoolean("active")).isTrue();
            assertThat(json.getString("scope")).isEqualTo(OFFLINE_SCOPE);
            assertThat(json.getString("client_id")).isEqualTo(client.clientId());
            assertThat(json.getString("sub")).isEqualTo(user.sub());
            assertThat(json.getString("iss")).isEqualTo(issuer);
            assertThat(json.getString("token_type")).isEqualTo("Bearer");
            assertThat(json.getString("act.sub")).isEqualTo(client.clientId());
            assertThat(json.getLong("exp")).isGreaterThan(json.getLong("iat"));
            assertThat(json.getString("jti")).isNotEmpty();
            assertThat(json.getString("aud")).isNotEmpty();
        }

        @Test
        void describesTheClientsOwnRefreshToken() {
            JsonPath json = answer(introspect(client, tokens.getString("refresh_token")));
            assertThat(json.getBoolean("active")).isTrue();
            assertThat(json.getString("scope")).isEqualTo(OFFLINE_SCOPE);
            assertThat(json.getString("client_id")).isEqualTo(client.clientId());
            assertThat(json.getString("sub")).isEqualTo(user.sub());
            assertThat(json.getMap("")).doesNotContainKey("token_type");
        }

        @Test
        void extendsTheSearchBeyondAWrongTokenTypeHint() {
            JsonPath json =
                    answer(introspect(client, tokens.getString("access_token"), "token_type_hint", "refresh_token"));
            assertThat(json.getBoolean("active")).isTrue();
            json = answer(introspect(client, tokens.getString("refresh_token"), "token_type_hint", "access_token"));
            assertThat(json.getBoolean("active")).isTrue();
        }

        @Test
        void ignoresAnUnknownTokenTypeHint() {
            assertThat(answer(introspect(client, tokens.getString("access_token"), "token_type_hint", "id_token"))
                            .getBoolean("active"))
                    .isTrue();
        }

        @Test
        void describesAClientCredentialsTokenWithTheAgentAsSubject() {
            RegisteredClient agent = agent(Map.of());
            String token = clientCredentials(agent).path("access_token");
            JsonPath json = answer(introspect(agent, token));
            assertThat(json.getBoolean("active")).isTrue();
            assertThat(json.getString("sub")).isEqualTo(agent.clientId());
            assertThat(json.getMap("")).doesNotContainKey("act");
        }
    }

    @Nested
    @DisplayName("RFC 7662 §2.2 and §4: inactive tokens reveal nothing")
    class Inactive {
        @Test
        void anotherClientsLiveAccessTokenIsInactive() {
            RegisteredClient other = offlineClient();
            assertInactive(introspect(other, tokens.getString("access_token")));
        }

        @Test
        void anotherClientsLiveRefreshTokenIsInactive() {
            RegisteredClient other = offlineClient();
            assertInactive(introspect(other, tokens.getString("refresh_token")));
        }

        @Test
        void anExpiredAccessTokenIsInactive() {
            clock.advance(Duration.ofMinutes(5));
            assertInactive(introspect(client, tokens.getString("access_token")));
        }

        @Test
        void aRevokedAccessTokenIsInactive() {
            revoke(client, tokens.getString("access_token")).then().statusCode(200);
            assertInactive(introspect(client, tokens.getString("access_token")));
        }

        @Test
        void aRotatedOutRefreshTokenIsInactive() {
            refresh(client, tokens.getString("refresh_token")).then().statusCode(200);
            assertInactive(introspect(client, tokens.getString("refresh_token")));
        }

        @Test
        void anAccessTokenWithAForgedSignatureIsInactive() {
            String[] parts = tokens.getString("access_token").split("\\.");
            String forged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA";
            assertInactive(introspect(client, forged));
        }

        @Test
        void anUnsignedAccessTokenIsInactive() {
            String[] parts = tokens.getString("access_token").split("\\.");
            String none = java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes());
            assertInactive(introspect(client, none + "." + parts[1] + "."));
        }

        @Test
        void anIdTokenIsNotAnAccessToken() {
            assertInactive(introspect(client, tokens.getString("id_token")));
        }

        @Test
        void garbageIsInactive() {
            assertInactive(introspect(client, "garbage"));
        }
    }

    @Nested
    @DisplayName("RFC 7662 §2.1 and §2.3 the caller must be an authenticated client")
    class Errors {
        @Test
        void rejectsAnUnauthenticatedCallerWith401InvalidClient() {
            given().contentType("application/x-www-form-urlencoded")
                    .formParam("token", tokens.getString("access_token"))
                    .post("/introspect")
                    .then()
                    .statusCode(401)
                    .header("Cache-Control", "no-store")
                    .body("error", equalTo("invalid_client"));
        }

        @Test
        void rejectsAWrongSecretWith401AndABasicChallenge() {
            given().auth()
                    .preemptive()
                    .basic(client.clientId(), "wrong")
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("token", tokens.getString("access_token"))
                    .post("/introspect")
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic"))
                    .body("error", equalTo("invalid_client"));
        }

        @Test
        void rejectsAMissingTokenAsInvalidRequest() {
            dev.countersign.testing.GrantCalls.post(client, "/introspect", "token_type_hint", "access_token")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }

        @Test
        void rejectsARepeatedTokenAsInvalidRequest() {
            dev.countersign.testing.CibaCalls.asClient(client)
                    .contentType("application/x-www-form-urlencoded")
                    .body("token=a&token=b")
                    .post("/introspect")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }

        @Test
        void rejectsGetWith405AndAnOAuthError() {
            given().get("/introspect").then().statusCode(405).body("error", equalTo("invalid_request"));
        }
    }
}
