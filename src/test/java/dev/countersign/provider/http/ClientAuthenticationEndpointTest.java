package dev.countersign.provider.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.countersign.provider.EchoGrantHandler;
import dev.countersign.provider.TestClients;
import dev.countersign.provider.TestClients.Registered;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Client authentication at the token endpoint, through the test-only echo grant. */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class ClientAuthenticationEndpointTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static Registered basicClient;
    private static Registered postClient;

    @BeforeEach
    void registerClients() {
        if (basicClient == null) {
            basicClient = TestClients.echoClient();
            postClient = TestClients.register("{\"client_name\":\"Post agent\",\"token_endpoint_auth_method\":"
                    + "\"client_secret_post\",\"grant_types\":[\"" + EchoGrantHandler.GRANT_TYPE + "\"]}");
        }
    }

    private static RequestSpecification echoGrant(RequestSpecification request) {
        return request.contentType(FORM)
                .formParam("grant_type", EchoGrantHandler.GRANT_TYPE)
                .formParam("sub", "u1");
    }

    private static String basic(String rawCredentials) {
        return "Basic " + Base64.getEncoder().encodeToString(rawCredentials.getBytes(StandardCharsets.UTF_8));
    }

    private static ValidatableResponse invalidClient(RequestSpecification request) {
        return request.post("/token")
                .then()
                .statusCode(401)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_client"));
    }

    @Nested
    @DisplayName("RFC 6749 §2.3.1 Client Password")
    class ClientPassword {
        @Test
        void acceptsClientSecretBasic() {
            echoGrant(given().header("Authorization", basicClient.basic()))
                    .post("/token")
                    .then()
                    .statusCode(200);
        }

        @Test
        void formUrlDecodesTheIdAndSecretInsideTheBasicCredentials() {
            StringBuilder encodedId = new StringBuilder();
            for (byte b : basicClient.clientId().getBytes(StandardCharsets.US_ASCII)) {
                encodedId.append(String.format("%%%02X", b));
            }
            echoGrant(given().header("Authorization", basic(encodedId + ":" + basicClient.secret())))
                    .post("/token")
                    .then()
                    .statusCode(200);
        }

        @Test
        void acceptsClientSecretPost() {
            echoGrant(given())
                    .formParam("client_id", postClient.clientId())
                    .formParam("client_secret", postClient.secret())
                    .post("/token")
                    .then()
                    .statusCode(200);
        }

        @Test
        void acceptsAMatchingClientIdBesideBasicCredentials() {
            echoGrant(given().header("Authorization", basicClient.basic()))
                    .formParam("client_id", basicClient.clientId())
                    .post("/token")
                    .then()
                    .statusCode(200);
        }

        @Test
        void rejectsAClientIdThatDiffersFromTheBasicCredentials() {
            echoGrant(given().header("Authorization", basicClient.basic()))
                    .formParam("client_id", postClient.clientId())
                    .post("/token")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }

        @Test
        void rejectsMoreThanOneAuthenticationMethodAsInvalidRequest() {
            echoGrant(given().header("Authorization", basicClient.basic()))
                    .formParam("client_secret", basicClient.secret())
                    .post("/token")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }

        @Test
        void rejectsAMethodOtherThanTheRegisteredOne() {
            invalidClient(echoGrant(given().header("Authorization", postClient.basic())))
                    .header("WWW-Authenticate", startsWith("Basic"));
            invalidClient(echoGrant(given())
                            .formParam("client_id", basicClient.clientId())
                            .formParam("client_secret", basicClient.secret()))
                    .header("WWW-Authenticate", nullValue());
        }
    }

    @Nested
    @DisplayName("RFC 6749 §5.2 invalid_client")
    class InvalidClient {
        @Test
        void rejectsAWrongSecretWithWwwAuthenticateWhenBasicWasUsed() {
            invalidClient(echoGrant(given().header("Authorization", basic(basicClient.clientId() + ":wrong"))))
                    .header("WWW-Authenticate", startsWith("Basic"));
        }

        @Test
        void answersAnUnknownClientExactlyLikeAWrongSecret() {
            String unknown = invalidClient(echoGrant(given().header("Authorization", basic("no-such-client:secret"))))
                    .extract()
                    .path("error_description");
            String wrong = invalidClient(
                            echoGrant(given().header("Authorization", basic(basicClient.clientId() + ":x"))))
                    .extract()
                    .path("error_description");
            assertThat(unknown, equalTo(wrong));
        }

        @Test
        void rejectsAWrongSecretPostedInTheFormWithoutWwwAuthenticate() {
            invalidClient(echoGrant(given())
                            .formParam("client_id", postClient.clientId())
                            .formParam("client_secret", "wrong"))
                    .header("WWW-Authenticate", nullValue());
        }

        @Test
        void rejectsARequestWithoutClientAuthentication() {
            invalidClient(echoGrant(given()).formParam("client_id", basicClient.clientId()));
            invalidClient(echoGrant(given()));
        }

        @Test
        void rejectsASecretWithoutClientId() {
            invalidClient(echoGrant(given()).formParam("client_secret", postClient.secret()));
        }

        @Test
        void rejectsMalformedBasicCredentials() {
            invalidClient(echoGrant(given().header("Authorization", "Basic !!!not-base64")));
            invalidClient(echoGrant(given().header("Authorization", basic("no-colon-here"))));
            invalidClient(echoGrant(given().header("Authorization", basic(":secret-without-id"))));
            invalidClient(echoGrant(given().header("Authorization", basic(basicClient.clientId() + ":%ZZ"))));
            invalidClient(echoGrant(given().header("Authorization", "Bearer some-token")));
            invalidClient(echoGrant(given().header("Authorization", "Basic")));
        }

        @Test
        void rejectsAnOversizedSecretWithoutAServerError() {
            invalidClient(echoGrant(
                    given().header("Authorization", basic(basicClient.clientId() + ":" + "s".repeat(4_000)))));
            invalidClient(echoGrant(given())
                    .formParam("client_id", postClient.clientId())
                    .formParam("client_secret", "s".repeat(50_000)));
        }

        @Test
        void rejectsAnUnsecuredClientAssertionOfASecretClient() {
            invalidClient(echoGrant(given())
                    .formParam("client_id", basicClient.clientId())
                    .formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                    .formParam("client_assertion", "eyJhbGciOiJub25lIn0.e30."));
        }

        @Test
        void rejectsADeletedClient() {
            Registered doomed = TestClients.echoClient();
            TestClients.admin()
                    .delete("/admin/clients/" + doomed.clientId())
                    .then()
                    .statusCode(204);
            invalidClient(echoGrant(given().header("Authorization", doomed.basic())));
        }
    }
}
