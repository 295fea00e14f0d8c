package dev.countersign.provider;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Registers clients through the admin API, as an operator would, and authenticates as them. */
public final class TestClients {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    private TestClients() {}

    /** A client registered with the given metadata (JSON object text). */
    public static Registered register(String metadataJson) {
        JsonPath body = admin().contentType(ContentType.JSON)
                .body(metadataJson)
                .post("/admin/clients")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Registered(body.getString("client_id"), body.getString("client_secret"));
    }

    /** A client of the test-only echo grant, authenticating with client_secret_basic. */
    public static Registered echoClient() {
        return register("{\"client_name\":\"Echo agent\",\"grant_types\":[\"" + EchoGrantHandler.GRANT_TYPE
                + "\"],\"scope\":\"openid payments\"}");
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /** A registered client's credentials. */
    public record Registered(String clientId, String secret) {
        /** RFC 6749 §2.3.1: both parts form-urlencoded, then Basic. */
        public String basic() {
            String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(secret, StandardCharsets.UTF_8);
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }

        /** A form POST to the token endpoint authenticated with client_secret_basic. */
        public RequestSpecification tokenRequest() {
            return given().header("Authorization", basic()).contentType("application/x-www-form-urlencoded");
        }
    }
}
