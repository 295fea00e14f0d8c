package dev.countersign.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged application with its runtime configured, by properties only, for an external CIBA
 * provider ({@code countersign.runtime.provider=external}, {@code quarkus.oidc-client.ciba.*}), a
 * known admin token, no demo accounts, and {@code localhost} allowed as a target; with the operator
 * and agent calls the runtime's ITs make.
 */
public final class ExternalRuntimeApp implements AutoCloseable {
    private static final String ADMIN_TOKEN = "external-runtime-admin-token-0123456789abcdef";

    private final PackagedApp app;

    private ExternalRuntimeApp(PackagedApp app) {
        this.app = app;
    }

    /** Starts the app against the provider at {@code authServerUrl}, with extra properties. */
    public static ExternalRuntimeApp start(
            String authServerUrl, String clientId, String clientSecret, Map<String, String> more) {
        PackagedApp.Builder builder = PackagedApp.embedded()
                .property("countersign.admin.token", ADMIN_TOKEN)
                .property("countersign.demo.enabled", "false")
                .property("countersign.runtime.provider", "external")
                .property("countersign.runtime.allowed-target-hosts", "localhost")
                .property("countersign.outbound.allowed-private-hosts", "localhost,127.0.0.1")
                .property("quarkus.oidc-client.ciba.auth-server-url", authServerUrl)
                .property("quarkus.oidc-client.ciba.client-id", clientId)
                .property("quarkus.oidc-client.ciba.credentials.secret", clientSecret)
                .property("quarkus.oidc-client.ciba.grant.type", "ciba");
        more.forEach(builder::property);
        return new ExternalRuntimeApp(builder.start());
    }

    /** Adds an action through {@code POST /admin/actions}. */
    public void createAction(Map<String, Object> action) {
        calls().createAction(action);
    }

    /** A fresh API key for the agent. */
    public String apiKey(String agent) {
        return calls().apiKey(agent);
    }

    /** Starts a run as the agent; returns its id once it is {@code awaiting_approval}. */
    public String createRun(String apiKey, Map<String, Object> body) {
        Response created =
                agent(apiKey).contentType("application/json").body(body).post("/v1/runs");
        created.then().statusCode(202);
        return created.path("id");
    }

    /** Long-polls the run until it ends (or {@code max} passes) and returns its last status. */
    public String awaitFinal(String apiKey, String run, Duration max) {
        return calls().awaitFinal(apiKey, run, max).path("status");
    }

    private RuntimeCalls calls() {
        return new RuntimeCalls(app.baseUri(), ADMIN_TOKEN);
    }

    private RequestSpecification agent(String apiKey) {
        return given().baseUri(app.baseUri().toString()).auth().oauth2(apiKey);
    }

    @Override
    public void close() {
        app.close();
    }
}
