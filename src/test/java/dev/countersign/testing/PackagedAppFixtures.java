package dev.countersign.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;

/**
 * {@link Fixtures} for a {@link PackagedApp}: an operator registers an agent and a user through the
 * admin API of one instance, and the user signs in, over real HTTP to that instance.
 */
public final class PackagedAppFixtures {
    private PackagedAppFixtures() {}

    /** A user's session: the session cookie and the CSRF token that goes with it. */
    public record Session(String cookie, String csrfToken) {}

    /** Registers an agent client with this metadata (RFC 7591 names) and returns its credentials. */
    public static Fixtures.RegisteredClient registerAgent(
            PackagedApp app, String adminToken, Map<String, Object> metadata) {
        Response client = given().baseUri(app.baseUri().toString())
                .auth()
                .oauth2(adminToken)
                .contentType(ContentType.JSON)
                .body(metadata)
                .post("/admin/clients");
        client.then().statusCode(201);
        return new Fixtures.RegisteredClient(client.path("client_id"), client.path("client_secret"));
    }

    /** Registers a user with this password and returns its {@code sub}. */
    public static String registerUser(PackagedApp app, String adminToken, String username, String password) {
        Response user = given().baseUri(app.baseUri().toString())
                .auth()
                .oauth2(adminToken)
                .contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/admin/users");
        user.then().statusCode(201);
        return user.path("sub");
    }

    /** Signs the user in with their password ({@code POST /api/me/session}). */
    public static Session signIn(PackagedApp app, String username, String password) {
        Response session = given().baseUri(app.baseUri().toString())
                .contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/me/session");
        session.then().statusCode(200);
        return new Session(session.getCookie("countersign_session"), session.path("csrf_token"));
    }
}
