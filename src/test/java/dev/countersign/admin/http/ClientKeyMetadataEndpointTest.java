package dev.countersign.admin.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import com.nimbusds.jose.jwk.ECKey;
import dev.countersign.testing.ClientJwts;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Registration of the key-related client metadata: the JWT authentication methods and the keys they
 * need, and the signing algorithms. Every refusal is a 400 naming the member, with nothing stored.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class ClientKeyMetadataEndpointTest {
    private static final String ADMIN = "Bearer test-admin-token-0123456789abcdef";
    private static final ECKey EC = ClientJwts.ecKey("ec-1");
    private static final String JWKS = ClientJwts.jwks(EC);

    @Inject
    TestDatabase db;

    private static Response post(String json) {
        return given().header("Authorization", ADMIN)
                .contentType(ContentType.JSON)
                .body(json)
                .post("/admin/clients");
    }

    private void rejected(String json, String member) {
        long before = db.number("select count(*) from clients");
        post(json)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString(member));
        assertThat(db.number("select count(*) from clients")).isEqualTo(before);
    }

    private static String client(String members) {
        return "{\"client_name\":\"Keyed\"," + members + "}";
    }

    @Nested
    @DisplayName("OIDC Core §9 private_key_jwt and client_secret_jwt registration")
    class Methods {
        @Test
        void registersAPrivateKeyJwtClientWithoutIssuingASecret() {
            post(client("\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks\":" + JWKS))
                    .then()
                    .statusCode(201)
                    .body("token_endpoint_auth_method", equalTo("private_key_jwt"))
                    .body("$", not(hasKey("client_secret")))
                    .body("$", not(hasKey("client_secret_expires_at")))
                    .body("jwks.keys[0].kid", equalTo("ec-1"));
        }

        @Test
        void registersAPrivateKeyJwtClientWithAJwksUri() {
            post(client(
                            "\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\"https://agent.example/jwks\""))
                    .then()
                    .statusCode(201)
                    .body("jwks_uri", equalTo("https://agent.example/jwks"));
        }

        @Test
        void registersAClientSecretJwtClientWithASecret() {
            post(client("\"token_endpoint_auth_method\":\"client_secret_jwt\""))
                    .then()
                    .statusCode(201)
                    .body("client_secret_expires_at", equalTo(0));
        }

        @Test
        void rejectsPrivateKeyJwtWithoutKeys() {
            rejected(client("\"token_endpoint_auth_method\":\"private_key_jwt\""), "jwks");
        }

        @Test
        void rejectsClientSecretJwtWithKeys() {
            rejected(client("\"token_endpoint_auth_method\":\"client_secret_jwt\",\"jwks\":" + JWKS), "jwks");
            rejected(
                    client("\"token_endpoint_auth_method\":\"client_secret_jwt\",\"jwks_uri\":\"https://a.example/j\""),
                    "jwks_uri");
        }
    }

    @Nested
    @DisplayName("RFC 7591 §2 jwks and jwks_uri")
    class Keys {
        @Test
        void rejectsAKeyThatIsNotAValidPublicKey() {
            rejected(
                    client("\"jwks\":{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\",\"y\":\"AAAA\"}]}"),
                    "jwks");
            rejected(client("\"jwks\":{\"keys\":[{\"kty\":\"XYZ\"}]}"), "jwks");
            rejected(
                    client("\"jwks\":{\"keys\":["
                            + ClientJwts.rsaKey1024().toPublicJWK().toJSONString() + "]}"),
                    "2048");
        }

        @Test
        void rejectsPrivateKeyMembers() {
            rejected(client("\"jwks\":{\"keys\":[" + EC.toJSONString() + "]}"), "public");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "https://127.0.0.1/jwks",
                    "https://10.1.2.3/jwks",
                    "https://[::1]/jwks",
                    "https://169.254.169.254/latest",
                    "https://user@agent.example/jwks"
                })
        void rejectsAJwksUriTheServiceMayNotCall(String uri) {
            rejected(
                    client("\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\"" + uri + "\""),
                    "jwks_uri");
        }
    }

    @Nested
    @DisplayName("OIDC Dynamic Client Registration §2 token_endpoint_auth_signing_alg")
    class AssertionAlgorithm {
        @Test
        void registersAnAsymmetricAlgorithmForPrivateKeyJwt() {
            post(client("\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks\":" + JWKS
                            + ",\"token_endpoint_auth_signing_alg\":\"ES256\""))
                    .then()
                    .statusCode(201)
                    .body("token_endpoint_auth_signing_alg", equalTo("ES256"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"none", "HS256", "ES999", "es256", ""})
        void rejectsAnythingButAnAsymmetricAlgorithmForPrivateKeyJwt(String alg) {
            rejected(
                    client("\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks\":" + JWKS
                            + ",\"token_endpoint_auth_signing_alg\":\"" + alg + "\""),
                    "token_endpoint_auth_signing_alg");
        }

        @Test
        void rejectsAnAsymmetricAlgorithmForClientSecretJwt() {
            rejected(
                    client(
                            "\"token_endpoint_auth_method\":\"client_secret_jwt\",\"token_endpoint_auth_signing_alg\":\"RS256\""),
                    "token_endpoint_auth_signing_alg");
        }

        @Test
        void rejectsASigningAlgorithmForASecretMethod() {
            rejected(client("\"token_endpoint_auth_signing_alg\":\"RS256\""), "token_endpoint_auth_signing_alg");
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §4 backchannel_authentication_request_signing_alg")
    class RequestAlgorithm {
        @Test
        void registersAnAsymmetricAlgorithmWithKeys() {
            post(client("\"jwks\":" + JWKS + ",\"backchannel_authentication_request_signing_alg\":\"ES256\""))
                    .then()
                    .statusCode(201)
                    .body("backchannel_authentication_request_signing_alg", equalTo("ES256"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"none", "HS256", "XS256"})
        void rejectsNoneAndSymmetricAlgorithms(String alg) {
            rejected(
                    client("\"jwks\":" + JWKS + ",\"backchannel_authentication_request_signing_alg\":\"" + alg + "\""),
                    "backchannel_authentication_request_signing_alg");
        }

        @Test
        void rejectsAnAlgorithmWithoutKeysToVerifyIt() {
            rejected(
                    client("\"backchannel_authentication_request_signing_alg\":\"ES256\""),
                    "backchannel_authentication_request_signing_alg");
        }
    }
}
