package dev.countersign.provider.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import dev.countersign.provider.EchoGrantHandler;
import dev.countersign.provider.IndependentVerifier;
import dev.countersign.provider.TestClients;
import dev.countersign.provider.TestClients.Registered;
import dev.countersign.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The claims of issued tokens, checked with Nimbus against the published JWKS. */
@QuarkusTest
class TokenClaimsEndpointTest {
    /** The issuer of this test run (IssuerOnTestPort: the test port's URL). */
    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    private static final String PAYMENT = "[{\"type\":\"payment_initiation\",\"locations\":[\"https://bank.example/"
            + "payments\",\"https://bank.example/accounts\"],\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":"
            + "\"42.00\"}},{\"type\":\"account_information\",\"locations\":[\"https://bank.example/accounts\"]}]";
    private static Registered client;

    @Inject
    MutableClock clock;

    @BeforeEach
    void registerClient() {
        if (client == null) {
            client = TestClients.echoClient();
        }
    }

    private static JsonPath tokens(String... params) {
        var request = client.tokenRequest().formParam("grant_type", EchoGrantHandler.GRANT_TYPE);
        for (int i = 0; i < params.length; i += 2) {
            request = request.formParam(params[i], params[i + 1]);
        }
        return request.post("/token").then().statusCode(200).extract().jsonPath();
    }

    private static JWTClaimsSet verified(String token) throws Exception {
        return IndependentVerifier.verify(token).getJWTClaimsSet();
    }

    @Nested
    @DisplayName("RFC 9068 §2 JWT Access Token")
    class AccessToken {
        @Test
        void isTypedAtJwtAndSignedByAPublishedKey() throws Exception {
            SignedJWT jwt = IndependentVerifier.verify(tokens("sub", "alice").getString("access_token"));
            assertThat(jwt.getHeader().getType(), equalTo(new JOSEObjectType("at+jwt")));
            assertThat(jwt.getHeader().getKeyID(), notNullValue());
        }

        @Test
        void carriesTheRequiredClaimsWithTimesFromTheServiceClock() throws Exception {
            clock.advance(Duration.ofMinutes(7));
            long now = clock.instant().getEpochSecond();
            JWTClaimsSet claims =
                    verified(tokens("sub", "alice", "scope", "openid payments").getString("access_token"));
            assertThat(claims.getIssuer(), equalTo(issuer));
            assertThat(claims.getSubject(), equalTo("alice"));
            assertThat(claims.getAudience(), contains(issuer));
            assertThat(claims.getStringClaim("client_id"), equalTo(client.clientId()));
            assertThat(claims.getStringClaim("scope"), equalTo("openid payments"));
            assertThat(claims.getJWTID(), notNullValue());
            assertThat(claims.getIssueTime().toInstant().getEpochSecond(), equalTo(now));
            assertThat(claims.getExpirationTime().toInstant().getEpochSecond(), equalTo(now + 300));
            assertThat(claims.getLongClaim("auth_time"), equalTo(now - 30));
        }

        @Test
        void namesTheAgentInTheActClaim() throws Exception {
            JWTClaimsSet claims = verified(tokens("sub", "alice").getString("access_token"));
            assertThat(claims.getJSONObjectClaim("act"), equalTo(Map.of("sub", client.clientId())));
        }

        @Test
        void givesEveryTokenItsOwnJti() throws Exception {
            String first =
                    verified(tokens("sub", "alice").getString("access_token")).getJWTID();
            String second =
                    verified(tokens("sub", "alice").getString("access_token")).getJWTID();
            assertThat(first, not(equalTo(second)));
        }

        @Test
        void carriesAcrAndAmrOnlyWhenKnown() throws Exception {
            JWTClaimsSet known = verified(
                    tokens("sub", "alice", "acr", "phr", "amr", "hwk user").getString("access_token"));
            assertThat(known.getStringClaim("acr"), equalTo("phr"));
            assertThat(known.getStringListClaim("amr"), contains("hwk", "user"));
            JWTClaimsSet unknown = verified(tokens("sub", "alice").getString("access_token"));
            assertThat(unknown.getClaims(), not(hasKey("acr")));
            assertThat(unknown.getClaims(), not(hasKey("amr")));
        }
    }

    @Nested
    @DisplayName("RFC 9396 §9.1 Authorization details in JWT access tokens")
    class AuthorizationDetails {
        @Test
        void embedsTheDetailsAsAJsonArrayNotAString() throws Exception {
            JWTClaimsSet claims = verified(
                    tokens("sub", "alice", "authorization_details", PAYMENT).getString("access_token"));
            List<Object> details = claims.getListClaim("authorization_details");
            assertThat(details.size(), equalTo(2));
            @SuppressWarnings("unchecked")
            Map<String, Object> first = (Map<String, Object>) details.get(0);
            assertThat(first, hasEntry("type", "payment_initiation"));
            assertThat(first.get("instructedAmount"), equalTo(Map.of("currency", "EUR", "amount", "42.00")));
        }

        @Test
        void takesTheAudienceFromTheDistinctLocations() throws Exception {
            JWTClaimsSet claims = verified(
                    tokens("sub", "alice", "authorization_details", PAYMENT).getString("access_token"));
            assertThat(
                    claims.getAudience(), contains("https://bank.example/payments", "https://bank.example/accounts"));
        }

        @Test
        void fallsBackToTheDefaultAudienceWhenNoDetailNamesALocation() throws Exception {
            JWTClaimsSet claims =
                    verified(tokens("sub", "alice", "authorization_details", "[{\"type\":\"account_information\"}]")
                            .getString("access_token"));
            assertThat(claims.getAudience(), contains(issuer));
        }
    }

    @Nested
    @DisplayName("OpenID Connect Core 1.0 §2 ID Token")
    class IdToken {
        @Test
        void isIssuedToTheClientWithTheAuthenticationClaims() throws Exception {
            long now = clock.instant().getEpochSecond();
            SignedJWT jwt = IndependentVerifier.verify(
                    tokens("sub", "alice", "acr", "phr").getString("id_token"));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            assertThat(jwt.getHeader().getType(), equalTo(JOSEObjectType.JWT));
            assertThat(claims.getIssuer(), equalTo(issuer));
            assertThat(claims.getSubject(), equalTo("alice"));
            assertThat(claims.getAudience(), contains(client.clientId()));
            assertThat(claims.getIssueTime().toInstant().getEpochSecond(), equalTo(now));
            assertThat(claims.getExpirationTime().toInstant().getEpochSecond(), equalTo(now + 300));
            assertThat(claims.getLongClaim("auth_time"), equalTo(now - 30));
            assertThat(claims.getStringClaim("acr"), equalTo("phr"));
        }

        @Test
        void isOnlyIssuedWhenTheOpenidScopeWasGranted() {
            assertThat(tokens("sub", "alice", "scope", "payments").getString("id_token"), is(nullValue()));
        }
    }

    @Nested
    @DisplayName("OpenID Connect Core 1.0 §3.3.2.11 at_hash")
    class AtHash {
        @Test
        void matchesTheHashAnIndependentLibraryComputes() throws Exception {
            JsonPath response = tokens("sub", "alice");
            SignedJWT idToken = IndependentVerifier.verify(response.getString("id_token"));
            AccessTokenHash expected = AccessTokenHash.compute(
                    new BearerAccessToken(response.getString("access_token")),
                    idToken.getHeader().getAlgorithm());
            assertThat(idToken.getJWTClaimsSet().getStringClaim("at_hash"), equalTo(expected.getValue()));
        }
    }
}
