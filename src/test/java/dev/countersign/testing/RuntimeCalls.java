package dev.countersign.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent runtime of one packaged application as its three parties reach it over HTTP: the
 * operator ({@code /admin/*}: users, actions, API keys), the agent ({@code /v1/runs}) and the user
 * ({@code /api/me/*}: sign-in and approval). For ITs that run several instances or restart one.
 */
public final class RuntimeCalls {
    private final URI base;
    private final String adminToken;

    public RuntimeCalls(URI base, String adminToken) {
        this.base = base;
        this.adminToken = adminToken;
    }

    /** A signed-in user's session cookie and CSRF token. */
    public record UserSession(String cookie, String csrf) {}

    /**
     * {@link RuntimeFixtures#paymentAction} without {@code authorization_details} (the packaged
     * application allows no details type by default), with this timeout: POST
     * {target}/pay/{account}, shown to the user as "Pay {amount} EUR to {account}".
     */
    public static Map<String, Object> paymentAction(String name, String target, int timeoutSeconds) {
        Map<String, Object> action = new LinkedHashMap<>(RuntimeFixtures.paymentAction(name, target));
        action.remove("authorization_details");
        action.remove("audience");
        action.put("timeout_seconds", timeoutSeconds);
        return action;
    }

    /** The binding message {@link #paymentAction} shows for these params. */
    public static String bindingMessage(String account, String amount) {
        return "Pay " + amount + " EUR to " + account;
    }

    public void createUser(String username, String password) {
        admin().body(Map.of("username", username, "password", password))
                .post("/admin/users")
                .then()
                .statusCode(201);
    }

    public void createAction(Map<String, Object> action) {
        admin().body(action).post("/admin/actions").then().statusCode(201);
    }

    /** A fresh API key for the agent. */
    public String apiKey(String agent) {
        return admin().body(Map.of("agent", agent))
                .post("/admin/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
    }

    /** Starts a run of the payment action as the agent; returns its id ({@code awaiting_approval}). */
    public String startPayment(String apiKey, String action, String user, String account, String amount) {
        Response created = agent(apiKey)
                .contentType(ContentType.JSON)
                .body(Map.of("action", action, "user", user, "params", Map.of("account", account, "amount", amount)))
                .post("/v1/runs");
        created.then().statusCode(202);
        return created.path("id");
    }

    /**
     * Long-polls the run until it leaves {@code awaiting_approval} and {@code executing} (a long-poll
     * also returns when the run starts executing) or {@code max} passes; returns the last view.
     */
    public Response awaitFinal(String apiKey, String run, Duration max) {
        Instant deadline = Instant.now().plus(max);
        Response view;
        String status;
        do {
            view = agent(apiKey).get("/v1/runs/" + run + "?wait=10");
            view.then().statusCode(200);
            status = view.path("status");
        } while ((status.equals("awaiting_approval") || status.equals("executing"))
                && Instant.now().isBefore(deadline));
        return view;
    }

    public UserSession signIn(String username, String password) {
        Response session = given().baseUri(base.toString())
                .contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/me/session");
        session.then().statusCode(200);
        return new UserSession(session.getCookie("countersign_session"), session.path("csrf_token"));
    }

    /** Approves, as the user, the pending request that shows this binding message. */
    public void approve(UserSession user, String bindingMessage) {
        String id = given().baseUri(base.toString())
                .cookie("countersign_session", user.cookie())
                .get("/api/me/requests?status=pending")
                .then()
                .statusCode(200)
                .extract()
                .path("find { it.binding_message == '" + bindingMessage + "' }.id");
        if (id == null) {
            throw new AssertionError("no pending request shows \"" + bindingMessage + "\"");
        }
        given().baseUri(base.toString())
                .cookie("countersign_session", user.cookie())
                .header("X-CSRF-Token", user.csrf())
                .post("/api/me/requests/" + id + "/approve")
                .then()
                .statusCode(204);
    }

    private RequestSpecification admin() {
        return given().baseUri(base.toString()).auth().oauth2(adminToken).contentType(ContentType.JSON);
    }

    private RequestSpecification agent(String apiKey) {
        return given().baseUri(base.toString()).auth().oauth2(apiKey);
    }
}
