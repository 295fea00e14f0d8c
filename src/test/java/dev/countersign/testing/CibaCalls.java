package dev.countersign.testing;

import static io.restassured.RestAssured.given;

import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The HTTP calls of a CIBA flow, as a client and a user make them. */
public final class CibaCalls {
    public static final String FORM = "application/x-www-form-urlencoded";
    public static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";

    private CibaCalls() {}

    /** A form body encoded as UTF-8, in the given order, so tests control every byte. */
    public static String form(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static RequestSpecification asClient(RegisteredClient client) {
        return given().auth().preemptive().basic(client.clientId(), client.clientSecret());
    }

    public static Response bcAuthorize(RegisteredClient client, String body) {
        return asClient(client).contentType(FORM).body(body).post("/bc-authorize");
    }

    /** Starts a request for the user and returns its auth_req_id. */
    public static String start(RegisteredClient client, String loginHint, String... extra) {
        String[] pairs = new String[4 + extra.length];
        pairs[0] = "scope";
        pairs[1] = "openid payments";
        pairs[2] = "login_hint";
        pairs[3] = loginHint;
        System.arraycopy(extra, 0, pairs, 4, extra.length);
        Response r = bcAuthorize(client, form(pairs));
        r.then().statusCode(200);
        return r.path("auth_req_id");
    }

    public static Response poll(RegisteredClient client, String authReqId) {
        return asClient(client)
                .contentType(FORM)
                .body(form("grant_type", CIBA_GRANT, "auth_req_id", authReqId))
                .post("/token");
    }

    /** The public id of the user's newest pending request. */
    public static String newestPendingId(SignedInUser user) {
        return given().cookie("countersign_session", user.sessionCookie())
                .get("/api/me/requests?status=pending")
                .then()
                .statusCode(200)
                .extract()
                .path("[0].id");
    }

    public static Response decide(SignedInUser user, String id, String decision) {
        return given().cookie("countersign_session", user.sessionCookie())
                .header("X-CSRF-Token", user.csrfToken())
                .post("/api/me/requests/" + id + "/" + decision);
    }
}
