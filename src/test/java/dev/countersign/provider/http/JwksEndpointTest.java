package dev.countersign.provider.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import dev.countersign.provider.IndependentVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JwksEndpointTest {
    private static final String ADMIN = "Bearer test-admin-token-0123456789abcdef";

    @Nested
    @DisplayName("RFC 7517 §8.5 JWK Set media type")
    class MediaType {
        @Test
        void servesTheSetAsJwkSetJsonWithAShortPublicCacheLifetime() {
            given().get("/jwks")
                    .then()
                    .statusCode(200)
                    .contentType("application/jwk-set+json")
                    .header("Cache-Control", "public, max-age=60");
        }

        @Test
        void answersOtherMethodsWith405AndAJsonError() {
            given().contentType("application/json")
                    .body("{\"keys\":[]}")
                    .post("/jwks")
                    .then()
                    .statusCode(405)
                    .contentType("application/json")
                    .body("error", equalTo("invalid_request"));
        }

        @Test
        void alsoAnswersClientsThatAcceptOnlyApplicationJson() {
            given().accept("application/json").get("/jwks").then().statusCode(200);
        }
    }

    @Nested
    @DisplayName("RFC 7517 §5 JWK Set: public keys only")
    class PublicKeysOnly {
        @Test
        void publishesNoPrivateKeyMembers() {
            List<Map<String, Object>> keys =
                    given().get("/jwks").then().extract().jsonPath().getList("keys");
            assertThat(keys.isEmpty(), is(false));
            for (Map<String, Object> key : keys) {
                for (String secret : List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k")) {
                    assertThat(key, not(hasKey(secret)));
                }
            }
        }

        @Test
        void namesEachKeysIdAlgorithmAndUse() throws Exception {
            JWKSet set = IndependentVerifier.publishedKeys();
            for (JWK key : set.getKeys()) {
                assertThat(key.isPrivate(), is(false));
                assertThat(key.getKeyID(), notNullValue());
                assertThat(key.getKeyUse(), equalTo(KeyUse.SIGNATURE));
                assertThat(key.getAlgorithm().getName(), anyOf(equalTo("ES256"), equalTo("RS256")));
                // RFC 7638: the kid is the key's own SHA-256 thumbprint.
                assertThat(key.computeThumbprint().toString(), equalTo(key.getKeyID()));
            }
        }

        @Test
        void generatesAnEs256KeyOnFirstStartByDefault() throws Exception {
            JsonPath keys = given().header("Authorization", ADMIN)
                    .get("/admin/keys")
                    .then()
                    .extract()
                    .jsonPath();
            assertThat(keys.getString("[0].alg"), equalTo("ES256"));
            JWK first = IndependentVerifier.publishedKeys().getKeyByKeyId(keys.getString("[0].kid"));
            // Another test class may already have rotated the first key out of the JWKS.
            if (first != null) {
                assertThat(first.toJSONObject().get("crv"), equalTo("P-256"));
            }
        }

        @Test
        void neverShowsKeyMaterialInTheAdminList() {
            List<Map<String, Object>> keys = given().header("Authorization", ADMIN)
                    .get("/admin/keys")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("");
            for (Map<String, Object> key : keys) {
                assertThat(
                        key.keySet(),
                        everyItem(anyOf(
                                equalTo("kid"),
                                equalTo("alg"),
                                equalTo("status"),
                                equalTo("activates_at"),
                                equalTo("published_until"),
                                equalTo("published"))));
                assertThat((String) key.get("activates_at"), startsWith("20"));
            }
        }
    }
}
