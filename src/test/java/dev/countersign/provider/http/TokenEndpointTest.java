package dev.countersign.provider.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.nimbusds.jwt.SignedJWT;
import dev.countersign.provider.EchoGrantHandler;
import dev.countersign.provider.TestClients;
import dev.countersign.provider.TestClients.Registered;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenEndpointTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private Registered echo;
    private Registered cibaOnly;

    @BeforeEach
    void registerClients() {
        if (echo == null) {
            echo = TestClients.echoClient();
            cibaOnly = TestClients.register("{\"client_name\":\"CIBA agent\"}");
        }
    }

    private static ValidatableResponse oauthError(ValidatableResponse response, int status, String error) {
        return response.statusCode(status)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("error", equalTo(error))
                .body("error_description", notNullValue());
    }

    @Nested
    @DisplayName("RFC 6749 §5.1 Successful Response")
    class SuccessfulResponse {
        @Test
        void answersTheHandlersTokensAsJsonThatNoCacheStores() {
            echo.tokenRequest()
                    .formParam("grant_type", EchoGrantHandler.GRANT_TYPE)
                    .formParam("sub", "user-1")
                    .post("/token")
                    .then()
                    .statusCode(200)
                    .contentType("application/json")
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .body("access_token", notNullValue())
                    .body("token_type", equalTo("Bearer"))
                    .body("expires_in", equalTo(300))
                    .body("scope", equalTo("openid"));
        }

        @Test
        void readsTheRawFormBodyWithItsPercentEncodingAndPlusSigns() throws Exception {
            String body = "grant_type=" + EchoGrantHandler.GRANT_TYPE.replace(":", "%3A")
                    + "&sub=J%C3%BCrgen+K&scope=openid+payments";
            String accessToken = echo.tokenRequest()
                    .body(body)
                    .post("/token")
                    .then()
                    .statusCode(200)
                    .body("scope", equalTo("openid payments"))
                    .extract()
                    .path("access_token");
            assertThat(SignedJWT.parse(accessToken).getJWTClaimsSet().getSubject(), equalTo("J\u00fcrgen K"));
        }
    }

    @Nested
    @DisplayName("RFC 6749 §5.2 Error Response: grant type dispatch")
    class GrantDispatch {
        @Test
        void rejectsAMissingGrantTypeAsInvalidRequest() {
            oauthError(
                    echo.tokenRequest()
                            .formParam("sub", "user-1")
                            .post("/token")
                            .then(),
                    400,
                    "invalid_request");
        }

        @Test
        void rejectsAGrantTypeNoHandlerServesAsUnsupportedGrantType() {
            oauthError(
                    echo.tokenRequest()
                            .formParam("grant_type", "password")
                            .post("/token")
                            .then(),
                    400,
                    "unsupported_grant_type");
        }

        @Test
        void rejectsAGrantTheClientIsNotRegisteredForAsUnauthorizedClient() {
            oauthError(
                    cibaOnly.tokenRequest()
                            .formParam("grant_type", EchoGrantHandler.GRANT_TYPE)
                            .formParam("sub", "user-1")
                            .post("/token")
                            .then(),
                    400,
                    "unauthorized_client");
        }

        @Test
        void authenticatesTheClientBeforeLookingAtTheGrantType() {
            oauthError(
                    given().contentType(FORM)
                            .formParam("grant_type", "password")
                            .post("/token")
                            .then(),
                    401,
                    "invalid_client");
        }

        @Test
        void letsTheHandlerAnswerItsOwnErrors() {
            oauthError(
                    echo.tokenRequest()
                            .formParam("grant_type", EchoGrantHandler.GRANT_TYPE)
                            .post("/token")
                            .then(),
                    400,
                    "invalid_request");
        }
    }

    @Nested
    @DisplayName("RFC 6749 §3.2 Token Endpoint: request syntax")
    class RequestSyntax {
        @Test
        void rejectsARepeatedParameter() {
            oauthError(
                    echo.tokenRequest()
                            .body("grant_type=" + EchoGrantHandler.GRANT_TYPE + "&sub=a&sub=b")
                            .post("/token")
                            .then(),
                    400,
                    "invalid_request");
        }

        @Test
        void rejectsARepeatedGrantTypeBeforeAuthenticating() {
            oauthError(
                    given().contentType(FORM)
                            .body("grant_type=a&grant_type=b")
                            .post("/token")
                            .then(),
                    400,
                    "invalid_request");
        }

        @Test
        void rejectsABrokenPercentEncoding() {
            oauthError(echo.tokenRequest().body("grant_type=%ZZ").post("/token").then(), 400, "invalid_request");
        }

        @Test
        void rejectsABodyThatIsNotUtf8() {
            oauthError(
                    echo.tokenRequest().body("grant_type=%C3%28").post("/token").then(), 400, "invalid_request");
        }

        @Test
        void rejectsAOneMegabyteParameter() {
            oauthError(
                    echo.tokenRequest()
                            .body("grant_type=" + EchoGrantHandler.GRANT_TYPE + "&sub=" + "a".repeat(1024 * 1024))
                            .post("/token")
                            .then(),
                    400,
                    "invalid_request");
        }

        @Test
        void rejectsAJsonBodyWith415AndAnOAuthError() {
            given().contentType("application/json")
                    .body("{\"grant_type\":\"password\"}")
                    .post("/token")
                    .then()
                    .statusCode(415)
                    .contentType("application/json")
                    .body("error", equalTo("invalid_request"));
        }

        @Test
        void rejectsGetWith405AndAnOAuthError() {
            given().get("/token")
                    .then()
                    .statusCode(405)
                    .contentType("application/json")
                    .body("error", equalTo("invalid_request"));
        }

        @Test
        void treatsAnEmptyValueAsOmitted() {
            oauthError(
                    echo.tokenRequest()
                            .body("grant_type=&sub=user-1")
                            .post("/token")
                            .then(),
                    400,
                    "invalid_request");
        }
    }
}
