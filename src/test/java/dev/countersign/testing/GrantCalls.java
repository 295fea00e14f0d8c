package dev.countersign.testing;

import static dev.countersign.testing.CibaCalls.FORM;
import static dev.countersign.testing.CibaCalls.asClient;
import static dev.countersign.testing.CibaCalls.bcAuthorize;
import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.form;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.CibaCalls.poll;
import static io.restassured.RestAssured.given;

import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The HTTP calls around the grant: client credentials, refresh, introspection, revocation, audit. */
public final class GrantCalls {
    public static final String OFFLINE_SCOPE = "openid profile email offline_access payments";

    private GrantCalls() {}

    /** A CIBA client allowed refresh tokens (offline_access and the refresh_token grant). */
    public static RegisteredClient offlineClient() {
        return Fixtures.client(
                Map.of("grant_types", List.of(CibaCalls.CIBA_GRANT, "refresh_token"), "scope", OFFLINE_SCOPE));
    }

    /** An agent of the client credentials grant with the given registration extras. */
    public static RegisteredClient agent(Map<String, Object> extra) {
        Map<String, Object> metadata = new java.util.LinkedHashMap<>();
        metadata.put("grant_types", List.of("client_credentials"));
        metadata.put("scope", "openid reports.read reports.write");
        metadata.put("authorization_details_types", List.of());
        metadata.putAll(extra);
        return Fixtures.client(metadata);
    }

    /** The token response of a whole CIBA flow: request with this scope, approval by the user, one poll. */
    public static JsonPath approvedTokens(RegisteredClient client, SignedInUser user, String scope) {
        Response ack = bcAuthorize(client, form("scope", scope, "login_hint", user.username()));
        ack.then().statusCode(200);
        decide(user, newestPendingId(user), "approve").then().statusCode(204);
        Response tokens = poll(client, ack.path("auth_req_id"));
        tokens.then().statusCode(200);
        return tokens.jsonPath();
    }

    public static Response refresh(RegisteredClient client, String refreshToken, String... extra) {
        return post(
                client,
                "/token",
                concat(new String[] {"grant_type", "refresh_token", "refresh_token", refreshToken}, extra));
    }

    public static Response clientCredentials(RegisteredClient client, String... extra) {
        return post(client, "/token", concat(new String[] {"grant_type", "client_credentials"}, extra));
    }

    public static Response introspect(RegisteredClient client, String token, String... extra) {
        return post(client, "/introspect", concat(new String[] {"token", token}, extra));
    }

    public static Response revoke(RegisteredClient client, String token, String... extra) {
        return post(client, "/revoke", concat(new String[] {"token", token}, extra));
    }

    public static Response post(RegisteredClient client, String path, String... pairs) {
        return asClient(client).contentType(FORM).body(form(pairs)).post(path);
    }

    /** The sealed audit events of a type for a client. */
    public static List<Map<String, Object>> auditEvents(String type, String clientId) {
        return given().auth()
                .oauth2(Fixtures.ADMIN_TOKEN)
                .queryParam("type", type)
                .queryParam("client_id", clientId)
                .get("/admin/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("events");
    }

    /** The claims of a JWT, unverified (tests verify signatures where that is the point). */
    public static JsonPath claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
