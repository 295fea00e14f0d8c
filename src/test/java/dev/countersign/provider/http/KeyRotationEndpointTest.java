package dev.countersign.provider.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import dev.countersign.provider.EchoGrantHandler;
import dev.countersign.provider.IndependentVerifier;
import dev.countersign.provider.SigningAlgorithm;
import dev.countersign.provider.SigningKeyCodec;
import dev.countersign.provider.TestClients;
import dev.countersign.provider.TestClients.Registered;
import dev.countersign.provider.store.SigningKeyEntity;
import dev.countersign.provider.store.SigningKeyRepository;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Key rotation over HTTP with the test clock: the operator rotates, the JWKS publishes the new key
 * before it signs, and keeps the old one until the last token it signed has expired.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class KeyRotationEndpointTest {
    private static final String ADMIN = "Bearer test-admin-token-0123456789abcdef";
    private static final Duration PUBLISH_BEFORE_USE = Duration.ofMinutes(10);
    private static final Duration LONGEST_LIFETIME = Duration.ofMinutes(5);
    private static Registered client;

    @Inject
    MutableClock clock;

    @Inject
    SigningKeyRepository repository;

    @Inject
    SigningKeyCodec codec;

    @BeforeEach
    void settle() {
        if (client == null) {
            client = TestClients.echoClient();
        }
        // Let any rotation left by another test finish, so exactly one key signs and none is next.
        clock.advance(Duration.ofHours(1));
    }

    private static Response rotate(String body) {
        var request = given().header("Authorization", ADMIN);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post("/admin/keys/rotate");
    }

    private static JsonPath tokens() {
        return client.tokenRequest()
                .formParam("grant_type", EchoGrantHandler.GRANT_TYPE)
                .formParam("sub", "alice")
                .post("/token")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String signingKid() throws Exception {
        return IndependentVerifier.verify(tokens().getString("access_token"))
                .getHeader()
                .getKeyID();
    }

    private static List<String> publishedKids() {
        return given().get("/jwks").then().statusCode(200).extract().jsonPath().getList("keys.kid");
    }

    private static JsonPath adminKey(String kid) {
        return given().header("Authorization", ADMIN)
                .get("/admin/keys/" + kid)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private int storedKeys() {
        return QuarkusTransaction.requiringNew().call(() -> repository.all().size());
    }

    @Nested
    @DisplayName("RFC 7517 §5 rotation: published before use, retired after the last token expired")
    class Rotation {
        @Test
        void publishesTheNewKeyBeforeItSignsAndKeepsTheOldOneUntilItsLastTokenExpired() throws Exception {
            String old = signingKid();
            Instant rotatedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Response rotated = rotate(null);
            rotated.then()
                    .statusCode(201)
                    .body("alg", equalTo("ES256"))
                    .body("status", equalTo("next"))
                    .body(
                            "activates_at",
                            equalTo(rotatedAt.plus(PUBLISH_BEFORE_USE).toString()));
            String fresh = rotated.path("kid");
            assertThat(rotated.header("Location"), endsWith("/admin/keys/" + fresh));

            assertThat(publishedKids(), hasItem(fresh));
            assertThat(signingKid(), equalTo(old));
            assertThat(adminKey(old).getString("status"), equalTo("active"));
            assertThat(
                    adminKey(old).getString("published_until"),
                    equalTo(rotatedAt
                            .plus(PUBLISH_BEFORE_USE)
                            .plus(LONGEST_LIFETIME)
                            .toString()));

            clock.advance(PUBLISH_BEFORE_USE.minusSeconds(1));
            String lastOldToken = tokens().getString("access_token");
            assertThat(SignedJWT.parse(lastOldToken).getHeader().getKeyID(), equalTo(old));

            clock.advance(Duration.ofSeconds(1));
            assertThat(signingKid(), equalTo(fresh));
            assertThat(adminKey(fresh).getString("status"), equalTo("active"));
            assertThat(adminKey(old).getString("status"), equalTo("retired"));

            // Just before the last token signed by the old key expires, it still verifies.
            clock.advance(LONGEST_LIFETIME.minusSeconds(1));
            IndependentVerifier.verify(lastOldToken);
            assertThat(adminKey(old).getBoolean("published"), equalTo(true));

            clock.advance(Duration.ofSeconds(1));
            assertThat(publishedKids(), not(hasItem(old)));
            assertThat(adminKey(old).getBoolean("published"), equalTo(false));
        }

        @Test
        void rotatesToRs256OnRequestAndSignsBothTokensWithIt() throws Exception {
            String kid = rotate("{\"alg\":\"RS256\"}")
                    .then()
                    .statusCode(201)
                    .body("alg", equalTo("RS256"))
                    .extract()
                    .path("kid");
            List<String> algs = given().get("/.well-known/openid-configuration")
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("id_token_signing_alg_values_supported");
            assertThat(algs, hasItem("RS256"));

            clock.advance(PUBLISH_BEFORE_USE);
            JsonPath response = tokens();
            SignedJWT access = IndependentVerifier.verify(response.getString("access_token"));
            SignedJWT id = IndependentVerifier.verify(response.getString("id_token"));
            assertThat(access.getHeader().getAlgorithm(), equalTo(JWSAlgorithm.RS256));
            assertThat(id.getHeader().getKeyID(), equalTo(kid));
            assertThat(
                    id.getJWTClaimsSet().getStringClaim("at_hash"),
                    equalTo(AccessTokenHash.compute(
                                    new BearerAccessToken(response.getString("access_token")), JWSAlgorithm.RS256)
                            .getValue()));

            // Back to the default algorithm for the tests that follow.
            rotate("{\"alg\":\"ES256\"}").then().statusCode(201);
        }
    }

    @Nested
    @DisplayName("Instances sharing a database converge within countersign.keys.refresh-interval")
    class Convergence {
        @Test
        void picksUpAKeyAnotherInstanceRotatedAfterTheRefreshInterval() {
            publishedKids(); // loads the keys now (the clock moved an hour)
            Instant now = clock.instant();
            SigningKeyEntity elsewhere = codec.generate(SigningAlgorithm.ES256, now, now.plus(PUBLISH_BEFORE_USE));
            QuarkusTransaction.requiringNew().run(() -> repository.add(elsewhere));

            assertThat(publishedKids(), not(hasItem(elsewhere.kid)));
            clock.advance(Duration.ofSeconds(29));
            assertThat(publishedKids(), not(hasItem(elsewhere.kid)));
            clock.advance(Duration.ofSeconds(1));
            assertThat(publishedKids(), hasItem(elsewhere.kid));
        }
    }

    @Nested
    @DisplayName("The rotation call: bad input changes nothing")
    class BadInput {
        @Test
        void rejectsAnUnknownOrMistypedAlgorithm() {
            int before = storedKeys();
            for (String body :
                    List.of("{\"alg\":\"HS256\"}", "{\"alg\":\"none\"}", "{\"alg\":256}", "{\"alg\":\"es256\"}")) {
                rotate(body)
                        .then()
                        .statusCode(400)
                        .contentType("application/problem+json")
                        .body("detail", equalTo("alg must be ES256 or RS256"));
            }
            assertThat(storedKeys(), equalTo(before));
        }

        @Test
        void rejectsMalformedRepeatedAndNonObjectBodies() {
            int before = storedKeys();
            for (String body : List.of("{", "[]", "\"RS256\"", "{\"alg\":\"RS256\",\"alg\":\"ES256\"}")) {
                rotate(body).then().statusCode(400).contentType("application/problem+json");
            }
            assertThat(storedKeys(), equalTo(before));
        }

        @Test
        void rejectsANonJsonBodyWith415() {
            int before = storedKeys();
            given().header("Authorization", ADMIN)
                    .contentType("text/plain")
                    .body("RS256")
                    .post("/admin/keys/rotate")
                    .then()
                    .statusCode(415)
                    .contentType("application/problem+json");
            assertThat(storedKeys(), equalTo(before));
        }

        @Test
        void requiresTheAdminToken() {
            int before = storedKeys();
            given().post("/admin/keys/rotate").then().statusCode(401).contentType("application/problem+json");
            given().get("/admin/keys").then().statusCode(401);
            assertThat(storedKeys(), equalTo(before));
        }

        @Test
        void answers404ForAnUnknownKid() {
            given().header("Authorization", ADMIN)
                    .get("/admin/keys/unknown")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("correlation_id", nullValue());
        }
    }
}
