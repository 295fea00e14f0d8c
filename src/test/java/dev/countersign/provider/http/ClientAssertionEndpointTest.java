package dev.countersign.provider.http;

import static dev.countersign.testing.ClientJwts.JWT_BEARER;
import static dev.countersign.testing.ClientJwts.assertion;
import static dev.countersign.testing.ClientJwts.hmac;
import static dev.countersign.testing.ClientJwts.sign;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.countersign.provider.EchoGrantHandler;
import dev.countersign.provider.TestClients;
import dev.countersign.provider.TestClients.Registered;
import dev.countersign.provider.UsedJwtIds;
import dev.countersign.testing.ClientJwts;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * private_key_jwt and client_secret_jwt at the token endpoint (through the test-only echo grant),
 * over real HTTP. Every refusal is a 401 {@code invalid_client} that records no JWT ID.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class ClientAssertionEndpointTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final ECKey EC = ClientJwts.ecKey("ec-1");
    private static final RSAKey RSA = ClientJwts.rsaKey("rsa-1");

    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    @Inject
    MutableClock clock;

    @Inject
    TestDatabase db;

    @Inject
    UsedJwtIds usedJwtIds;

    String clientId;

    @BeforeEach
    void registerAPrivateKeyJwtClient() {
        clock.reset();
        clientId = privateKeyJwtClient(ClientJwts.jwks(EC, RSA), "");
    }

    static String privateKeyJwtClient(String jwks, String extraMembers) {
        return TestClients.register(
                        "{\"client_name\":\"Keyed agent\",\"token_endpoint_auth_method\":\"private_key_jwt\","
                                + "\"grant_types\":[\"" + EchoGrantHandler.GRANT_TYPE + "\"],\"jwks\":" + jwks
                                + extraMembers + "}")
                .clientId();
    }

    private Instant now() {
        return clock.instant();
    }

    private String tokenEndpoint() {
        return issuer + "/token";
    }

    private JWTClaimsSet.Builder claims() {
        return assertion(clientId, tokenEndpoint(), now());
    }

    private String signedEc(JWTClaimsSet claims) {
        return sign(EC, JWSAlgorithm.ES256, claims);
    }

    private static RequestSpecification echo() {
        return given().contentType(FORM)
                .formParam("grant_type", EchoGrantHandler.GRANT_TYPE)
                .formParam("sub", "u1");
    }

    static Response token(String assertion) {
        return echo().formParam("client_assertion_type", JWT_BEARER)
                .formParam("client_assertion", assertion)
                .post("/token");
    }

    private long usedIds() {
        return db.number("select count(*) from used_jwt_ids");
    }

    private void accepted(String assertion) {
        token(assertion).then().statusCode(200).body("access_token", notNullValue());
    }

    /** RFC 7523 §3.2: "The value of the "error" parameter MUST be the "invalid_client" error code." */
    private void refused(RequestSpecification request) {
        long before = usedIds();
        request.post("/token")
                .then()
                .statusCode(401)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .header("WWW-Authenticate", nullValue())
                .body("error", equalTo("invalid_client"));
        assertThat(usedIds()).as("JWT IDs recorded by a refused request").isEqualTo(before);
    }

    private void refused(String assertion) {
        refused(echo().formParam("client_assertion_type", JWT_BEARER).formParam("client_assertion", assertion));
    }

    @Nested
    @DisplayName("RFC 7523 §3 JWT Format and Processing Requirements")
    class JwtFormat {
        @Test
        void acceptsAnAssertionSignedWithARegisteredEcKey() {
            accepted(signedEc(claims().build()));
        }

        @Test
        void acceptsRsaAndRsaPssSignaturesWithARegisteredRsaKey() {
            accepted(sign(RSA, JWSAlgorithm.RS256, claims().build()));
            accepted(sign(RSA, JWSAlgorithm.PS256, claims().build()));
        }

        @Test
        void acceptsTheIssuerTheTokenEndpointOrTheBackchannelEndpointAsAudience() {
            accepted(signedEc(claims().audience(issuer).build()));
            accepted(signedEc(claims().audience(issuer + "/token").build()));
            accepted(signedEc(claims().audience(issuer + "/bc-authorize").build()));
            accepted(signedEc(
                    claims().audience(List.of("https://other.example", issuer)).build()));
        }

        @Test
        void choosesTheKeyByKidAndTriesEveryFittingKeyWithoutOne() {
            accepted(sign(EC, JWSAlgorithm.ES256, null, claims().build()));
            clientId = privateKeyJwtClient(ClientJwts.jwks(ClientJwts.ecKey("other"), EC), "");
            accepted(sign(EC, JWSAlgorithm.ES256, null, claims().build()));
        }

        @Test
        void rejectsAnIssuerOtherThanTheClient() {
            refused(signedEc(claims().issuer("someone-else").build()));
            refused(signedEc(claims().issuer(null).build()));
        }

        @Test
        void rejectsASubjectOtherThanTheClient() {
            String other = privateKeyJwtClient(ClientJwts.jwks(EC), "");
            refused(signedEc(claims().subject(other).build()));
        }

        @Test
        void rejectsAssertionWithoutAudience() {
            refused(signedEc(claims().audience((String) null).build()));
        }

        @Test
        void rejectsAForeignAudience() {
            refused(signedEc(claims().audience("https://other.example/token").build()));
            refused(signedEc(claims().audience(issuer + "/jwks").build()));
        }

        @Test
        void rejectsAssertionWithoutExp() {
            refused(signedEc(claims().expirationTime(null).build()));
        }

        @Test
        void rejectsAnExpiredAssertion() {
            refused(signedEc(
                    claims().expirationTime(Date.from(now().minusSeconds(31))).build()));
        }

        @Test
        void acceptsAnAssertionExpiredWithinTheClockSkew() {
            accepted(signedEc(
                    claims().expirationTime(Date.from(now().minusSeconds(10))).build()));
        }

        @Test
        void rejectsAnAssertionValidForLongerThanTheMaximumLifetime() {
            refused(signedEc(claims().expirationTime(Date.from(now().plus(Duration.ofMinutes(6))))
                    .build()));
        }

        @Test
        void rejectsAnAssertionThatIsNotValidYet() {
            refused(signedEc(
                    claims().notBeforeTime(Date.from(now().plusSeconds(60))).build()));
        }

        @Test
        void rejectsAnAssertionIssuedInTheFuture() {
            refused(signedEc(
                    claims().issueTime(Date.from(now().plusSeconds(60))).build()));
        }

        @Test
        void rejectsAnAssertionIssuedTooLongAgo() {
            refused(signedEc(claims().issueTime(Date.from(now().minus(Duration.ofMinutes(10))))
                    .build()));
        }

        @Test
        void rejectsATamperedSignature() {
            String jwt = signedEc(claims().build());
            String[] parts = jwt.split("\\.");
            String otherPayload = signedEc(
                            claims().subject(clientId).issuer(clientId).build())
                    .split("\\.")[1];
            refused(parts[0] + "." + otherPayload + "." + parts[2]);
        }

        @Test
        void rejectsAnAssertionSignedByAnUnregisteredKeyUnderARegisteredKid() {
            refused(sign(ClientJwts.ecKey("ec-1"), JWSAlgorithm.ES256, claims().build()));
        }

        @Test
        void rejectsAnUnknownKid() {
            refused(sign(EC, JWSAlgorithm.ES256, "no-such-kid", claims().build()));
        }
    }

    @Nested
    @DisplayName("RFC 7521 §4.2 Using Assertions for Client Authentication")
    class AssertionParameters {
        @Test
        void rejectsAMissingAssertionType() {
            refused(echo().formParam("client_assertion", signedEc(claims().build())));
        }

        @Test
        void rejectsAnAssertionTypeOtherThanJwtBearer() {
            refused(echo().formParam(
                            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer")
                    .formParam("client_assertion", signedEc(claims().build())));
        }

        @Test
        void rejectsAnAssertionTypeWithoutAnAssertion() {
            refused(echo().formParam("client_assertion_type", JWT_BEARER));
        }

        @Test
        void acceptsAClientIdThatNamesTheClientOfTheAssertion() {
            echo().formParam("client_id", clientId)
                    .formParam("client_assertion_type", JWT_BEARER)
                    .formParam("client_assertion", signedEc(claims().build()))
                    .post("/token")
                    .then()
                    .statusCode(200);
        }

        @Test
        void rejectsAClientIdThatDiffersFromTheClientOfTheAssertion() {
            refused(echo().formParam("client_id", "someone-else")
                    .formParam("client_assertion_type", JWT_BEARER)
                    .formParam("client_assertion", signedEc(claims().build())));
        }

        @Test
        void rejectsAnAssertionOfAnUnknownClient() {
            refused(signedEc(assertion("no-such-client", tokenEndpoint(), now()).build()));
        }

        @Test
        void rejectsMalformedAssertions() {
            refused("not-a-jwt");
            refused("a.b.c");
            refused("eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln");
            refused("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d");
            refused("x".repeat(20_000));
        }

        @Test
        void rejectsAnAssertionBesideBasicCredentialsAsInvalidRequest() {
            Registered secretClient = TestClients.echoClient();
            echo().header("Authorization", secretClient.basic())
                    .formParam("client_assertion_type", JWT_BEARER)
                    .formParam("client_assertion", signedEc(claims().build()))
                    .post("/token")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }

        @Test
        void rejectsAnAssertionBesideAClientSecretAsInvalidRequest() {
            long before = usedIds();
            echo().formParam("client_secret", "s")
                    .formParam("client_assertion_type", JWT_BEARER)
                    .formParam("client_assertion", signedEc(claims().build()))
                    .post("/token")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_request"));
            assertThat(usedIds()).isEqualTo(before);
        }
    }

    @Nested
    @DisplayName("OIDC Core §9 Client Authentication")
    class OidcClientAuthentication {
        @Test
        void rejectsAssertionWithoutJti() {
            refused(signedEc(claims().jwtID(null).build()));
        }

        @Test
        void rejectsAReplayedJti() {
            String jwt = signedEc(claims().build());
            accepted(jwt);
            refused(jwt);
            // A new assertion reusing the jti is a replay too.
            refused(signedEc(claims().jwtID(jtiOf(jwt)).build()));
        }

        @Test
        void letsExactlyOneOfManyConcurrentUsesOfOneAssertionSucceed() throws Exception {
            String jwt = signedEc(claims().build());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(() -> token(jwt).statusCode());
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : pool.invokeAll(calls)) {
                    statuses.add(f.get());
                }
                assertThat(statuses).containsOnly(200, 401);
                assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void keepsAJtiUntilTheAssertionExpiredThenPrunesIt() {
            accepted(signedEc(claims().build()));
            clock.advance(Duration.ofMinutes(2));
            assertThat(usedJwtIds.deleteExpired()).isPositive();
            assertThat(db.number(
                            "select count(*) from used_jwt_ids where expires_at < ?", Timestamp.from(clock.instant())))
                    .isZero();
        }

        @Test
        void rejectsAnUnsecuredAssertion() {
            refused(ClientJwts.unsecured(claims().build()));
        }

        @Test
        void rejectsAnHmacKeyedWithTheClientsPublicKey() {
            refused(hmac(EC.toPublicJWK().toJSONString(), JWSAlgorithm.HS256, claims().build()));
            refused(hmac(RSA.toPublicJWK().toJSONString(), JWSAlgorithm.HS256, claims().build()));
        }

        @Test
        void rejectsAKeyWhoseTypeDoesNotFitTheAlgorithm() {
            // An ES256 signature presented under the kid of the RSA key.
            refused(sign(EC, JWSAlgorithm.ES256, "rsa-1", claims().build()));
        }

        @Test
        void rejectsAnAlgorithmOtherThanTheRegisteredOne() {
            String esOnly =
                    privateKeyJwtClient(ClientJwts.jwks(EC, RSA), ",\"token_endpoint_auth_signing_alg\":\"ES256\"");
            JWTClaimsSet claims = assertion(esOnly, tokenEndpoint(), now()).build();
            refused(sign(RSA, JWSAlgorithm.RS256, claims));
            accepted(sign(
                    EC,
                    JWSAlgorithm.ES256,
                    assertion(esOnly, tokenEndpoint(), now()).build()));
        }

        @Test
        void rejectsAnAssertionFromAClientRegisteredForASecret() {
            Registered secretClient = TestClients.echoClient();
            refused(signedEc(
                    assertion(secretClient.clientId(), tokenEndpoint(), now()).build()));
        }

        @Test
        void rejectsBasicCredentialsOfAPrivateKeyJwtClient() {
            echo().header("Authorization", new Registered(clientId, "guess").basic())
                    .post("/token")
                    .then()
                    .statusCode(401)
                    .body("error", equalTo("invalid_client"));
        }
    }

    @Nested
    @DisplayName("OIDC Core §9 client_secret_jwt")
    class ClientSecretJwt {
        private Registered secretJwtClient(String extraMembers) {
            return TestClients.register("{\"client_name\":\"HMAC agent\",\"token_endpoint_auth_method\":"
                    + "\"client_secret_jwt\",\"grant_types\":[\"" + EchoGrantHandler.GRANT_TYPE + "\"]" + extraMembers
                    + "}");
        }

        @Test
        void acceptsAnHmacKeyedWithTheClientSecret() {
            Registered client = secretJwtClient("");
            accepted(hmac(
                    client.secret(),
                    JWSAlgorithm.HS256,
                    assertion(client.clientId(), tokenEndpoint(), now()).build()));
            accepted(hmac(
                    client.secret(),
                    JWSAlgorithm.HS512,
                    assertion(client.clientId(), tokenEndpoint(), now()).build()));
        }

        @Test
        void issuesASecretLongEnoughForHs512AndStoresItOnlyEncrypted() {
            Registered client = secretJwtClient("");
            assertThat(client.secret().length()).isGreaterThanOrEqualTo(86);
            String sealed = db.text("select secret_encrypted from clients where client_id = ?", client.clientId());
            assertThat(sealed).startsWith("v1.").doesNotContain(client.secret());
        }

        @Test
        void rejectsAnHmacKeyedWithAnotherSecret() {
            Registered client = secretJwtClient("");
            refused(hmac(
                    client.secret().substring(1) + "x",
                    JWSAlgorithm.HS256,
                    assertion(client.clientId(), tokenEndpoint(), now()).build()));
        }

        @Test
        void rejectsAnAsymmetricSignatureForClientSecretJwt() {
            Registered client = secretJwtClient("");
            refused(signedEc(
                    assertion(client.clientId(), tokenEndpoint(), now()).build()));
        }

        @Test
        void rejectsAnHmacAlgorithmOtherThanTheRegisteredOne() {
            Registered client = secretJwtClient(",\"token_endpoint_auth_signing_alg\":\"HS512\"");
            refused(hmac(
                    client.secret(),
                    JWSAlgorithm.HS256,
                    assertion(client.clientId(), tokenEndpoint(), now()).build()));
        }

        @Test
        void rejectsTheSecretOfAClientSecretJwtClientSentAsBasicCredentials() {
            Registered client = secretJwtClient("");
            echo().header("Authorization", client.basic())
                    .post("/token")
                    .then()
                    .statusCode(401)
                    .body("error", equalTo("invalid_client"));
        }
    }

    private static String jtiOf(String jwt) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(jwt).getJWTClaimsSet().getJWTID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
