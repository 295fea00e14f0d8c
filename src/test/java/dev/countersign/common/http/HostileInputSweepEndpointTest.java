package dev.countersign.common.http;

import static dev.countersign.testing.CibaCalls.FORM;
import static dev.countersign.testing.CibaCalls.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.RuntimeFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A sweep of hostile input over every API, with valid credentials so that each request gets past
 * authentication to the code that reads it: malformed and oversized bodies, wrong content types,
 * values with control characters, surrogates, markup and huge numbers, wrong methods, odd path
 * segments. Every answer must be below 500, every 4xx a JSON body (an OAuth error or a problem),
 * and none a 401 (but a sign-in with wrong credentials), which would mean the request never
 * reached the code that reads its input. The endpoint test classes prove each rule; this one
 * guards the whole surface against a 500 or a stack trace that a new field lets through.
 */
@QuarkusTest
@DisplayName("Hostile input on every endpoint: a 4xx with a JSON body, never a 5xx")
class HostileInputSweepEndpointTest {
    private static final String JSON = "application/json";

    private static final List<String> VALUES = List.of(
            "",
            " ",
            "\u0000",
            "%00",
            "a".repeat(10_000),
            "\u202e",
            "\"",
            "'",
            "<script>",
            "{}",
            "[]",
            "null",
            "-1",
            "99999999999999999999",
            "1e309",
            "NaN",
            "\ud800",
            "../../etc/passwd",
            "é",
            "\r\nX-Injected: 1");

    private static final List<String> BODIES = List.of(
            "",
            "{",
            "[]",
            "null",
            "1",
            "\"x\"",
            "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}",
            "{\"name\":\"" + "x".repeat(70_000) + "\"}",
            "{\"client_name\":null}",
            "{\"grant_types\":\"x\"}",
            "{\"grant_types\":[1,2]}",
            "{\"jwks\":{\"keys\":[{\"kty\":\"EC\"}]}}",
            "{\"scope\":123}",
            "{\"client_name\":\"a\",\"client_name\":\"b\"}",
            "{\"username\":\"\\u0000\",\"password\":\"x\"}",
            "{\"action\":\"pay\",\"user\":\"nobody\",\"params\":{\"amount\":\"1e999\"}}",
            "{\"subscription\":{\"endpoint\":\"javascript:1\",\"keys\":{\"p256dh\":\"x\",\"auth\":\"y\"}}}");

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final List<String> failures = new ArrayList<>();
    private RegisteredClient client;
    private SignedInUser user;
    private String apiKey;

    @BeforeEach
    void setUp() {
        client = Fixtures.client();
        user = Fixtures.signedInUser();
        apiKey = RuntimeFixtures.apiKey(Fixtures.uniqueName("sweep-agent"));
    }

    private String basic() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (client.clientId() + ":" + client.clientSecret()).getBytes(StandardCharsets.UTF_8));
    }

    private void send(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(base.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (status == 401 && !path.equals("/api/me/session")) {
                // Every request carries valid credentials: a 401 means the sweep tested nothing.
                failures.add("not past authentication: " + method + " " + cut(path) + " → " + cut(response.body()));
            }
            if (status >= 500 || (status >= 400 && !type.contains("json"))) {
                failures.add(status + " " + type + " " + method + " " + cut(path) + " " + cut(String.valueOf(body))
                        + " → " + cut(response.body()));
            }
        } catch (IOException e) {
            failures.add("no answer: " + method + " " + cut(path) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String cut(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }

    @Test
    void protocolEndpointsAnswerEveryHostileParameterWithAJsonError() {
        String[] auth = {"Authorization", basic()};
        for (String value : VALUES) {
            for (String parameter : List.of(
                    "scope",
                    "login_hint",
                    "binding_message",
                    "requested_expiry",
                    "acr_values",
                    "authorization_details",
                    "id_token_hint",
                    "login_hint_token",
                    "user_code",
                    "client_notification_token",
                    "request")) {
                // The hostile value last: for scope and login_hint it replaces the valid one.
                send(
                        "POST",
                        "/bc-authorize",
                        FORM,
                        form("scope", "openid", "login_hint", user.username(), parameter, value),
                        auth);
            }
            for (String grant :
                    List.of("urn:openid:params:grant-type:ciba", "client_credentials", "refresh_token", "")) {
                send(
                        "POST",
                        "/token",
                        FORM,
                        form("grant_type", grant, "auth_req_id", value, "refresh_token", value, "scope", value),
                        auth);
            }
            send("POST", "/revoke", FORM, form("token", value, "token_type_hint", value), auth);
            send("POST", "/introspect", FORM, form("token", value, "token_type_hint", value), auth);
        }
        for (String body :
                List.of("%", "%zz", "scope=openid&&&&", "=", "&=&", "\u00ff\u00fe", "a=" + "x".repeat(1_100_000))) {
            for (String path : List.of("/bc-authorize", "/token", "/revoke", "/introspect")) {
                send("POST", path, FORM, body, auth);
            }
        }
        for (String type : List.of(JSON, "text/plain", "multipart/form-data; boundary=x", FORM + "; charset=bogus")) {
            send("POST", "/bc-authorize", type, "scope=openid&login_hint=" + user.username(), auth);
            send("POST", "/token", type, "grant_type=client_credentials", auth);
        }
        for (String method : List.of("PUT", "PATCH", "DELETE", "GET")) {
            for (String path : List.of("/bc-authorize", "/token", "/revoke", "/introspect")) {
                send(method, path, FORM, "x", auth);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void productApisAnswerEveryHostileBodyAndPathWithAProblem() {
        String[] admin = {"Authorization", "Bearer " + Fixtures.ADMIN_TOKEN};
        String[] me = {"Cookie", "countersign_session=" + user.sessionCookie(), "X-CSRF-Token", user.csrfToken()};
        String[] agent = {"Authorization", "Bearer " + apiKey};
        for (String body : BODIES) {
            for (String path : List.of("/admin/clients", "/admin/users", "/admin/actions", "/admin/api-keys")) {
                send("POST", path, JSON, body, admin);
            }
            for (String path : List.of(
                    "/api/me/session",
                    "/api/me/devices",
                    "/api/me/passkeys/registration-options",
                    "/api/me/requests/x/approve",
                    "/api/me/requests/x/deny")) {
                send("POST", path, JSON, body, me);
            }
            send("POST", "/v1/runs", JSON, body, agent);
        }
        for (String path : List.of(
                "/admin/clients/%00",
                "/admin/users/%2e%2e",
                "/admin/audit?limit=%00",
                "/admin/audit?since=x",
                "/admin/audit?after=99999999999999999999",
                "/admin/deliveries?status=%00",
                "/admin/keys/%ff",
                "/admin/approvals/%00/receipt")) {
            send("GET", path, null, null, admin);
            send("DELETE", path, null, null, admin);
        }
        for (String path : List.of(
                "/api/me/requests?status=x", "/api/me/requests?limit=0", "/api/me/requests/x", "/api/me/devices/x")) {
            send("GET", path, null, null, me);
            send("DELETE", path, null, null, me);
        }
        for (String path :
                List.of("/v1/runs/x", "/v1/runs/x?wait=99999999999", "/v1/runs/x?wait=-1", "/v1/runs/x?wait=abc")) {
            send("GET", path, null, null, agent);
        }
        send("POST", "/v1/runs/x/cancel", JSON, "{}", agent);
        assertThat(failures).isEmpty();
    }
}
