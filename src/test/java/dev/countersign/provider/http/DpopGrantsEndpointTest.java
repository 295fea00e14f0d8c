package dev.countersign.provider.http;

import static dev.countersign.testing.CibaCalls.CIBA_GRANT;
import static dev.countersign.testing.CibaCalls.FORM;
import static dev.countersign.testing.CibaCalls.asClient;
import static dev.countersign.testing.CibaCalls.bcAuthorize;
import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.form;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.nimbusds.jwt.SignedJWT;
import dev.countersign.testing.DpopClient;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.GrantCalls;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** DPoP beyond the CIBA grant: client credentials, refresh and UserInfo (RFC 9449 §5, §7). */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class DpopGrantsEndpointTest {
    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    @Inject
    MutableClock clock;

    final DpopClient key = DpopClient.es256();

    String tokenProof(DpopClient holder) {
        return holder.proof("POST", issuer + "/token", clock.instant()).sign();
    }

    static Map<String, Object> cnf(String accessToken) throws Exception {
        return SignedJWT.parse(accessToken).getJWTClaimsSet().getJSONObjectClaim("cnf");
    }

    static Response post(RegisteredClient client, String proof, String... pairs) {
        var request = asClient(client).contentType(FORM).body(form(pairs));
        return (proof == null ? request : request.header("DPoP", proof)).post("/token");
    }

    /** A whole CIBA flow with offline_access, the poll made with a DPoP proof of {@code holder}. */
    JsonPath boundTokens(RegisteredClient client, SignedInUser user, DpopClient holder) {
        Response ack = bcAuthorize(client, form("scope", GrantCalls.OFFLINE_SCOPE, "login_hint", user.username()));
        ack.then().statusCode(200);
        decide(user, newestPendingId(user), "approve").then().statusCode(204);
        Response tokens =
                post(client, tokenProof(holder), "grant_type", CIBA_GRANT, "auth_req_id", ack.path("auth_req_id"));
        tokens.then().statusCode(200).body("token_type", equalTo("DPoP"));
        return tokens.jsonPath();
    }

    @Nested
    @DisplayName("RFC 9449 §5 DPoP with the client credentials grant")
    class ClientCredentials {
        @Test
        void bindsTheAgentsOwnTokenToItsKey() throws Exception {
            RegisteredClient agent = GrantCalls.agent(Map.of());
            Response r = post(agent, tokenProof(key), "grant_type", "client_credentials", "scope", "reports.read");
            r.then().statusCode(200).body("token_type", equalTo("DPoP"));
            assertThat(cnf(r.path("access_token"))).containsEntry("jkt", key.jkt());
        }
    }

    @Nested
    @DisplayName("RFC 9449 §5 a refresh token issued with DPoP is bound to that key")
    class Refresh {
        RegisteredClient client;
        String refreshToken;

        @BeforeEach
        void obtain() {
            client = GrantCalls.offlineClient();
            refreshToken = boundTokens(client, Fixtures.signedInUser(), key).getString("refresh_token");
            assertThat(refreshToken).isNotNull();
        }

        Response refresh(String proof) {
            return post(client, proof, "grant_type", "refresh_token", "refresh_token", refreshToken);
        }

        @Test
        void refreshWithAProofOfTheSameKeyGivesANewBoundToken() throws Exception {
            Response r = refresh(tokenProof(key));
            r.then().statusCode(200).body("token_type", equalTo("DPoP"));
            assertThat(cnf(r.path("access_token"))).containsEntry("jkt", key.jkt());
            // The rotated refresh token is bound too.
            post(
                            client,
                            tokenProof(DpopClient.es256()),
                            "grant_type",
                            "refresh_token",
                            "refresh_token",
                            r.path("refresh_token"))
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_grant"));
        }

        @Test
        void refusesAProofOfAnotherKeyAndTheRefreshTokenStaysUsable() {
            refresh(tokenProof(DpopClient.es256()))
                    .then()
                    .statusCode(400)
                    .header("Cache-Control", "no-store")
                    .body("error", equalTo("invalid_grant"));
            refresh(tokenProof(key)).then().statusCode(200);
        }

        @Test
        void refusesARefreshWithoutAProofAndTheRefreshTokenStaysUsable() {
            refresh(null).then().statusCode(400).body("error", equalTo("invalid_grant"));
            refresh(tokenProof(key)).then().statusCode(200);
        }
    }

    @Nested
    @DisplayName("RFC 9449 §7.1 and §7.2 UserInfo with a DPoP-bound access token")
    class UserInfo {
        String accessToken;

        @BeforeEach
        void obtain() {
            accessToken = boundTokens(GrantCalls.offlineClient(), Fixtures.signedInUser(), key)
                    .getString("access_token");
        }

        String userInfoProof(DpopClient holder, String method, String token) {
            return holder.proof(method, issuer + "/userinfo", clock.instant())
                    .claim("ath", DpopClient.ath(token))
                    .sign();
        }

        Response get(String authorization, String proof) {
            var request = given().header("Authorization", authorization);
            return (proof == null ? request : request.header("DPoP", proof)).get("/userinfo");
        }

        void assertDpopChallenge(Response r, String error) {
            r.then()
                    .statusCode(401)
                    .header("Cache-Control", "no-store")
                    .body("error", equalTo(error))
                    .header("WWW-Authenticate", startsWith("DPoP "))
                    .header("WWW-Authenticate", containsString("error=\"" + error + "\""))
                    .header("WWW-Authenticate", containsString("algs=\"ES256 "));
        }

        @Test
        void answersTheClaimsToTheDpopSchemeWithAProofCarryingAth() {
            get("DPoP " + accessToken, userInfoProof(key, "GET", accessToken))
                    .then()
                    .statusCode(200)
                    .header("Cache-Control", "no-store")
                    .body("sub", org.hamcrest.Matchers.notNullValue());
        }

        @Test
        void answersPostToo() {
            given().header("Authorization", "DPoP " + accessToken)
                    .header("DPoP", userInfoProof(key, "POST", accessToken))
                    .post("/userinfo")
                    .then()
                    .statusCode(200);
        }

        @Test
        void refusesTheBoundTokenSentAsABearerToken() {
            get("Bearer " + accessToken, null)
                    .then()
                    .statusCode(401)
                    .body("error", equalTo("invalid_token"))
                    .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        }

        @Test
        void refusesAProofWithoutAth() {
            String proof =
                    key.proof("GET", issuer + "/userinfo", clock.instant()).sign();
            assertDpopChallenge(get("DPoP " + accessToken, proof), "invalid_dpop_proof");
        }

        @Test
        void refusesAProofForAnotherMethod() {
            assertDpopChallenge(
                    get("DPoP " + accessToken, userInfoProof(key, "POST", accessToken)), "invalid_dpop_proof");
        }

        @Test
        void refusesTheDpopSchemeWithoutAProof() {
            assertDpopChallenge(get("DPoP " + accessToken, null), "invalid_dpop_proof");
        }

        @Test
        void refusesAProofOfAnotherKey() {
            DpopClient other = DpopClient.es256();
            assertDpopChallenge(get("DPoP " + accessToken, userInfoProof(other, "GET", accessToken)), "invalid_token");
        }

        @Test
        void refusesAReplayedProof() {
            String proof = userInfoProof(key, "GET", accessToken);
            get("DPoP " + accessToken, proof).then().statusCode(200);
            assertDpopChallenge(get("DPoP " + accessToken, proof), "invalid_dpop_proof");
        }

        @Test
        void refusesAnUnboundTokenSentWithTheDpopScheme() {
            String bearer = GrantCalls.approvedTokens(
                            GrantCalls.offlineClient(), Fixtures.signedInUser(), GrantCalls.OFFLINE_SCOPE)
                    .getString("access_token");
            assertDpopChallenge(get("DPoP " + bearer, userInfoProof(key, "GET", bearer)), "invalid_token");
        }
    }
}
