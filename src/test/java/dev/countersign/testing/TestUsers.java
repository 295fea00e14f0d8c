package dev.countersign.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/** Creates users through the admin API, each with a unique username, for tests that need one. */
public final class TestUsers {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    public static final String PASSWORD = "correct horse battery staple";

    private TestUsers() {}

    /** A username no other test uses. */
    public static String uniqueUsername(String prefix) {
        return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a user with {@link #PASSWORD} and returns its sub. */
    public static String create(String username) {
        return given().auth()
                .oauth2(ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD))
                .post("/admin/users")
                .then()
                .statusCode(201)
                .extract()
                .path("sub");
    }
}
