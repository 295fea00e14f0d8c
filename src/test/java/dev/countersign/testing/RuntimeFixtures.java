package dev.countersign.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sets up the agent runtime's side as an operator would: actions and API keys, over HTTP. */
public final class RuntimeFixtures {
    private RuntimeFixtures() {}

    /** The payment action of the tests: POST {target}/pay/{account} with amount in the details. */
    public static Map<String, Object> paymentAction(String name, String targetUrl) {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("name", name);
        action.put("description", "Pays an amount to an account");
        action.put(
                "parameters",
                Map.of(
                        "type",
                        "object",
                        "required",
                        List.of("account", "amount"),
                        "additionalProperties",
                        false,
                        "properties",
                        Map.of(
                                "account",
                                Map.of("type", "string", "maxLength", 64),
                                "amount",
                                // RFC 9396 §1.1 writes amounts as decimal strings ("123.50"), and so
                                // does the built-in payment_initiation schema.
                                Map.of("type", "string", "pattern", "^[0-9]{1,15}(\\.[0-9]{1,2})?$"))));
        action.put("method", "POST");
        action.put("url", targetUrl + "/pay/{account}");
        action.put("audience", "https://payments.example");
        action.put("scope", "payments");
        action.put(
                "authorization_details",
                List.of(Map.of(
                        "type", "payment_initiation",
                        "instructedAmount", Map.of("amount", "{amount}", "currency", "EUR"),
                        "creditorName", "{account}")));
        action.put("binding_message", "Pay {amount} EUR to {account}");
        action.put("timeout_seconds", 5);
        return action;
    }

    public static Response createAction(Map<String, Object> action) {
        return given().auth()
                .oauth2(Fixtures.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(action)
                .post("/admin/actions");
    }

    /** A fresh API key for the agent. */
    public static String apiKey(String agent) {
        return given().auth()
                .oauth2(Fixtures.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of("agent", agent))
                .post("/admin/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
    }

    /** Starts a run of a {@link #paymentAction} for the user (42.00 EUR to bob); its id. */
    public static String startPaymentRun(String apiKey, String action, String username) {
        return asAgent(apiKey)
                .contentType(ContentType.JSON)
                .body(Map.of("action", action, "user", username, "params", Map.of("account", "bob", "amount", "42.00")))
                .post("/v1/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    public static RequestSpecification asAgent(String apiKey) {
        return given().auth().oauth2(apiKey);
    }
}
