package dev.countersign.ciba.http;

import static dev.countersign.testing.ClientJwts.JWT_BEARER;
import static dev.countersign.testing.ClientJwts.sign;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.countersign.testing.CibaCalls;
import dev.countersign.testing.ClientJwts;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Signed authentication requests (CIBA Core 1.0 §7.1.1) and JWT client authentication at the
 * backchannel authentication endpoint (§7.1), over real HTTP. Every refusal stores no request.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class SignedAuthenticationRequestEndpointTest {
    private static final ECKey EC = ClientJwts.ecKey("ec-1");
    private static final RSAKey RSA = ClientJwts.rsaKey("rsa-1");

    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    @Inject
    MutableClock clock;

    @Inject
    TestDatabase db;

    RegisteredClient client;
    String username;

    @BeforeEach
    void setUp() {
        clock.reset();
        username = Fixtures.uniqueName("signer");
        Fixtures.user(username);
        client = Fixtures.client(
                Map.of("jwks", publicKeys(), "backchannel_authentication_request_signing_alg", "ES256"));
    }

    private static Map<String, Object> publicKeys() {
        return new JWKSet(List.of(EC.toPublicJWK(), RSA.toPublicJWK())).toJSONObject(true);
    }

    private Instant now() {
        return clock.instant();
    }

    /** §7.1.1: the authentication request parameters plus iss, aud, exp, iat, nbf and jti. */
    private JWTClaimsSet.Builder request() {
        return new JWTClaimsSet.Builder()
                .issuer(client.clientId())
                .audience(issuer)
                .issueTime(Date.from(now()))
                .notBeforeTime(Date.from(now()))
                .expirationTime(Date.from(now().plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", "openid payments")
                .claim("login_hint", username)
                .claim("binding_message", "Pay 42 EUR to Bob");
    }

    private static String es256(JWTClaimsSet claims) {
        return sign(EC, JWSAlgorithm.ES256, claims);
    }

    private Response send(String... pairs) {
        return CibaCalls.bcAuthorize(client, CibaCalls.form(pairs));
    }

    private long storedRequests() {
        return db.number("select count(*) from backchannel_requests where client_id = ?", client.clientId());
    }

    /** §13: invalid_request, 400, nothing stored. */
    private void refused(String... pairs) {
        long before = storedRequests();
        send(pairs)
                .then()
                .statusCode(400)
                .header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_request"));
        assertThat(storedRequests()).isEqualTo(before);
    }

    private void refusedRequest(String jwt) {
        refused("request", jwt);
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7.1.1 Signed Authentication Request")
    class SignedRequest {
        @Test
        void takesTheAuthenticationRequestParametersFromTheClaims() {
            send("request", es256(request().build())).then().statusCode(200).body("auth_req_id", notNullValue());
            assertThat(db.text(
                            "select binding_message from backchannel_requests where client_id = ?", client.clientId()))
                    .isEqualTo("Pay 42 EUR to Bob");
        }

        @Test
        void readsRequestedExpiryAsAJsonNumber() {
            send("request", es256(request().claim("requested_expiry", 120).build()))
                    .then()
                    .statusCode(200)
                    .body("expires_in", equalTo(120));
        }

        @Test
        void readsAuthorizationDetailsAsAJsonArray() {
            send(
                            "request",
                            es256(request()
                                    .claim(
                                            "authorization_details",
                                            List.of(Map.of("type", "payment_initiation", "actions", List.of("pay"))))
                                    .build()))
                    .then()
                    .statusCode(200);
        }

        @Test
        void acceptsClientAuthenticationParametersBesideTheSignedRequest() {
            RegisteredClient keyed = Fixtures.client(Map.of(
                    "token_endpoint_auth_method", "private_key_jwt",
                    "jwks", publicKeys(),
                    "backchannel_authentication_request_signing_alg", "ES256"));
            String assertion = sign(
                    EC,
                    JWSAlgorithm.ES256,
                    ClientJwts.assertion(keyed.clientId(), issuer + "/bc-authorize", now())
                            .build());
            String signed = es256(request().issuer(keyed.clientId()).build());
            given().contentType(CibaCalls.FORM)
                    .body(CibaCalls.form(
                            "client_id", keyed.clientId(),
                            "client_assertion_type", JWT_BEARER,
                            "client_assertion", assertion,
                            "request", signed))
                    .post("/bc-authorize")
                    .then()
                    .statusCode(200);
        }

        @Test
        void rejectsAnUnsignedRequest() {
            refusedRequest(ClientJwts.unsecured(request().build()));
        }

        @Test
        void rejectsAnExpiredRequest() {
            refusedRequest(es256(
                    request().expirationTime(Date.from(now().minusSeconds(31))).build()));
        }

        @Test
        void rejectsARequestWithoutExp() {
            refusedRequest(es256(request().expirationTime(null).build()));
        }

        @Test
        void rejectsARequestValidForLongerThanTheMaximumLifetime() {
            refusedRequest(es256(request()
                    .expirationTime(Date.from(now().plus(Duration.ofMinutes(11))))
                    .build()));
        }

        @Test
        void rejectsARequestWithoutIat() {
            refusedRequest(es256(request().issueTime(null).build()));
        }

        @Test
        void rejectsARequestWithoutNbf() {
            refusedRequest(es256(request().notBeforeTime(null).build()));
        }

        @Test
        void rejectsARequestThatIsNotValidYet() {
            refusedRequest(es256(
                    request().notBeforeTime(Date.from(now().plusSeconds(60))).build()));
        }

        @Test
        void rejectsARequestWithoutJti() {
            refusedRequest(es256(request().jwtID(null).build()));
        }

        @Test
        void rejectsAReplayedRequest() {
            String jwt = es256(request().build());
            send("request", jwt).then().statusCode(200);
            refusedRequest(jwt);
        }

        @Test
        void usesUpTheJtiOfARequestThePushBombingLimitsRefused() {
            send("request", es256(request().build())).then().statusCode(200);
            // The same parameters under a fresh jti: an identical pending request (ADR 0005).
            String twin = es256(request().build());
            send("request", twin).then().statusCode(429).body("error", equalTo("slow_down"));
            refusedRequest(twin);
        }

        @Test
        void rejectsAForeignAudience() {
            refusedRequest(es256(request().audience("https://other.example").build()));
            // §7.1.1: aud "MUST contain the value of the Issuer Identifier for the OP".
            refusedRequest(es256(request().audience(issuer + "/bc-authorize").build()));
        }

        @Test
        void rejectsAWrongIssuer() {
            refusedRequest(es256(request().issuer("someone-else").build()));
            refusedRequest(es256(request().issuer(null).build()));
        }

        @Test
        void rejectsASignatureByAnotherKey() {
            refusedRequest(
                    sign(ClientJwts.ecKey("ec-1"), JWSAlgorithm.ES256, request().build()));
        }

        @Test
        void rejectsAnAlgorithmOtherThanTheRegisteredOne() {
            refusedRequest(sign(RSA, JWSAlgorithm.RS256, request().build()));
        }

        @Test
        void rejectsAnHmacKeyedWithThePublicKey() {
            refusedRequest(ClientJwts.hmac(
                    EC.toPublicJWK().toJSONString(),
                    JWSAlgorithm.HS256,
                    request().build()));
        }

        @Test
        void rejectsAMalformedRequest() {
            refusedRequest("not-a-jwt");
            refusedRequest("eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln");
        }

        @Test
        void rejectsAuthenticationRequestParametersOutsideTheJwt() {
            refused("request", es256(request().build()), "login_hint", username);
            refused("request", es256(request().build()), "binding_message", "outside");
            refused("scope", "openid", "request", es256(request().build()));
        }

        @Test
        void rejectsARequestNestedInsideTheSignedRequest() {
            refusedRequest(es256(request().claim("request", "eyJ.e30.x").build()));
        }

        @Test
        void requiresSignedRequestsFromAClientThatRegisteredASigningAlgorithm() {
            refused("scope", "openid payments", "login_hint", username);
        }

        @Test
        void rejectsSignedRequestsFromAClientThatRegisteredNoSigningAlgorithm() {
            client = Fixtures.client(Map.of("jwks", publicKeys()));
            refusedRequest(es256(request().issuer(client.clientId()).build()));
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7.1 client authentication with JWTs")
    class JwtClientAuthentication {
        RegisteredClient keyed;

        @BeforeEach
        void registerAPrivateKeyJwtClient() {
            keyed = Fixtures.client(Map.of("token_endpoint_auth_method", "private_key_jwt", "jwks", publicKeys()));
        }

        private Response bcAuthorize(String assertion) {
            return given().contentType(CibaCalls.FORM)
                    .body(CibaCalls.form(
                            "scope", "openid",
                            "login_hint", username,
                            "client_assertion_type", JWT_BEARER,
                            "client_assertion", assertion))
                    .post("/bc-authorize");
        }

        @Test
        void acceptsPrivateKeyJwtWithTheBackchannelEndpointAsAudience() {
            bcAuthorize(sign(
                            EC,
                            JWSAlgorithm.ES256,
                            ClientJwts.assertion(keyed.clientId(), issuer + "/bc-authorize", now())
                                    .build()))
                    .then()
                    .statusCode(200)
                    .body("auth_req_id", notNullValue());
        }

        @Test
        void refusesAnInvalidAssertionWithInvalidClientAndStoresNoRequest() {
            long before = db.number("select count(*) from backchannel_requests where client_id = ?", keyed.clientId());
            bcAuthorize(sign(
                            EC,
                            JWSAlgorithm.ES256,
                            ClientJwts.assertion(keyed.clientId(), "https://other.example", now())
                                    .build()))
                    .then()
                    .statusCode(401)
                    .header("Cache-Control", "no-store")
                    .body("error", equalTo("invalid_client"));
            assertThat(db.number("select count(*) from backchannel_requests where client_id = ?", keyed.clientId()))
                    .isEqualTo(before);
        }
    }
}
