package dev.countersign.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sets up clients, users and sessions the way an operator and a user would: through the admin API
 * and the session API, over real HTTP.
 */
public final class Fixtures {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    public static final String PASSWORD = "correct horse battery staple";

    private Fixtures() {}

    /** A registered agent client with its one-time secret. */
    public record RegisteredClient(String clientId, String clientSecret) {}

    /** A user with a signed-in session. */
    public record SignedInUser(String sub, String username, String sessionCookie, String csrfToken) {}

    public static RegisteredClient client(Map<String, Object> metadata) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_name", "Test agent");
        body.put("grant_types", List.of("urn:openid:params:grant-type:ciba"));
        body.put("scope", "openid profile payments");
        body.put("backchannel_token_delivery_mode", "poll");
        body.put("authorization_details_types", List.of("payment_initiation"));
        body.putAll(metadata);
        Response r = given().auth()
                .oauth2(ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/admin/clients");
        r.then().statusCode(201);
        return new RegisteredClient(r.path("client_id"), r.path("client_secret"));
    }

    public static RegisteredClient client() {
        return client(Map.of());
    }

    public static String user(String username) {
        Response r = given().auth()
                .oauth2(ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "username",
                        username,
                        "email",
                        username + "@example.com",
                        "name",
                        "Test " + username,
                        "password",
                        PASSWORD))
                .post("/admin/users");
        r.then().statusCode(201);
        return r.path("sub");
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static SignedInUser signedInUser() {
        String username = uniqueName("user");
        String sub = user(username);
        Response r = given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD))
                .post("/api/me/session");
        r.then().statusCode(200);
        return new SignedInUser(sub, username, r.getCookie("countersign_session"), r.path("csrf_token"));
    }

    /** The user's pending requests, as the approval app lists them. */
    public static ValidatableResponse pendingOf(SignedInUser user) {
        return given().cookie("countersign_session", user.sessionCookie())
                .get("/api/me/requests?status=pending")
                .then()
                .statusCode(200);
    }
}
