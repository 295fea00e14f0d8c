package dev.countersign.admin.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.countersign.provider.store.ClientRepository;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class AdminClientsEndpointTest {
    private static final String ADMIN = "Bearer test-admin-token-0123456789abcdef";
    private static final String CIBA = "urn:openid:params:grant-type:ciba";

    @Inject
    ClientRepository clients;

    private static Response post(String json) {
        return given().header("Authorization", ADMIN)
                .contentType(ContentType.JSON)
                .body(json)
                .post("/admin/clients");
    }

    private long storedClients() {
        return QuarkusTransaction.requiringNew().call(clients::count);
    }

    /** Posts a bad registration and checks the 400 problem names the member and nothing was stored. */
    private void rejected(String json, String member) {
        long before = storedClients();
        post(json)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", org.hamcrest.Matchers.containsString(member));
        assertThat(storedClients(), equalTo(before));
    }

    @Nested
    @DisplayName("RFC 7591 §3.2.1 Client Information Response")
    class ClientInformationResponse {
        @Test
        void answers201WithLocationCredentialsAndTheRegisteredMetadata() {
            Response response = post("{\"client_name\":\"Travel agent\",\"scope\":\"openid payments\","
                    + "\"authorization_details_types\":[\"payment_initiation\"]}");
            response.then()
                    .statusCode(201)
                    .contentType("application/json")
                    .header("Cache-Control", "no-store")
                    .body("client_id", notNullValue())
                    .body("client_secret.length()", greaterThan(42))
                    .body("client_id_issued_at", greaterThan(0))
                    .body("client_secret_expires_at", equalTo(0))
                    .body("client_name", equalTo("Travel agent"))
                    .body("token_endpoint_auth_method", equalTo("client_secret_basic"))
                    .body("grant_types", contains(CIBA))
                    .body("scope", equalTo("openid payments"))
                    .body("backchannel_token_delivery_mode", equalTo("poll"))
                    .body("authorization_details_types", contains("payment_initiation"));
            String clientId = response.path("client_id");
            assertThat(response.header("Location"), endsWith("/admin/clients/" + clientId));
        }

        @Test
        void appliesTheDocumentedDefaults() {
            JsonPath json = post("{\"client_name\":\"Minimal\"}")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            assertThat(json.getString("token_endpoint_auth_method"), equalTo("client_secret_basic"));
            assertThat(json.getList("grant_types"), contains(CIBA));
            assertThat(json.getString("scope"), equalTo("openid"));
            assertThat(json.getString("backchannel_token_delivery_mode"), equalTo("poll"));
            assertThat(json.getList("authorization_details_types"), emptyIterable());
            assertThat(json.getMap(""), not(hasKey("jwks")));
        }

        @Test
        void readsBackTheClientWithoutItsSecret() {
            JsonPath created = post("{\"client_name\":\"Reader\",\"token_endpoint_auth_method\":\"client_secret_post\","
                            + "\"jwks_uri\":\"https://agent.example/jwks\"}")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            JsonPath read = given().header("Authorization", ADMIN)
                    .get("/admin/clients/" + created.getString("client_id"))
                    .then()
                    .statusCode(200)
                    .contentType("application/json")
                    .extract()
                    .jsonPath();
            assertThat(read.getMap(""), not(hasKey("client_secret")));
            assertThat(read.getMap(""), not(hasKey("client_secret_expires_at")));
            Map<String, Object> expected = created.getMap("");
            expected.remove("client_secret");
            expected.remove("client_secret_expires_at");
            assertThat(read.getMap(""), equalTo(expected));
        }

        @Test
        void returnsTheJwksAsAJsonObject() {
            String jwks =
                    "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                            + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"kid\":\"agent-1\"}]}";
            post("{\"client_name\":\"Keyed\",\"jwks\":" + jwks + "}")
                    .then()
                    .statusCode(201)
                    .body("jwks.keys[0].kid", equalTo("agent-1"))
                    .body("jwks.keys[0].crv", equalTo("P-256"));
        }

        @Test
        void ignoresUnknownMembers() {
            post("{\"client_name\":\"Ignorer\",\"logo_uri\":\"https://x.example/l.png\",\"software_id\":42}")
                    .then()
                    .statusCode(201)
                    .body("$", not(hasKey("logo_uri")))
                    .body("$", not(hasKey("software_id")));
        }

        @Test
        void treatsNullAsAbsent() {
            post("{\"client_name\":\"Nulls\",\"scope\":null,\"jwks\":null}")
                    .then()
                    .statusCode(201)
                    .body("scope", equalTo("openid"));
        }
    }

    @Nested
    @DisplayName("RFC 7591 §2 Client Metadata: bad input stores nothing")
    class BadMetadata {
        @Test
        void requiresAClientName() {
            rejected("{}", "client_name");
            rejected("{\"client_name\":\"   \"}", "client_name");
            rejected("{\"client_name\":\"" + "n".repeat(201) + "\"}", "client_name");
        }

        @Test
        void rejectsControlAndBidirectionalCharactersInTheClientName() {
            rejected("{\"client_name\":\"Bank\\u0000\"}", "client_name");
            rejected("{\"client_name\":\"Bank\\nAgent\"}", "client_name");
            rejected("{\"client_name\":\"Pay \\u202Elapyap\"}", "client_name");
            rejected("{\"client_name\":\"half \\ud800 surrogate\"}", "client_name");
        }

        @Test
        void rejectsMembersOfTheWrongType() {
            rejected("{\"client_name\":42}", "client_name");
            rejected("{\"client_name\":[\"a\"]}", "client_name");
            rejected("{\"client_name\":\"x\",\"grant_types\":\"" + CIBA + "\"}", "grant_types");
            rejected("{\"client_name\":\"x\",\"grant_types\":[1]}", "grant_types");
            rejected("{\"client_name\":\"x\",\"scope\":[\"openid\"]}", "scope");
            rejected(
                    "{\"client_name\":\"x\",\"authorization_details_types\":\"payment_initiation\"}",
                    "authorization_details_types");
            rejected("{\"client_name\":\"x\",\"token_endpoint_auth_method\":true}", "token_endpoint_auth_method");
        }

        @ParameterizedTest
        @ValueSource(strings = {"none", "tls_client_auth", "self_signed_tls_client_auth", "", "CLIENT_SECRET_JWT"})
        void acceptsOnlyTheSecretAndJwtAuthenticationMethods(String method) {
            rejected(
                    "{\"client_name\":\"x\",\"token_endpoint_auth_method\":\"" + method + "\"}",
                    "token_endpoint_auth_method");
        }

        @Test
        void acceptsOnlySupportedGrantTypes() {
            rejected("{\"client_name\":\"x\",\"grant_types\":[\"authorization_code\"]}", "grant_types");
            rejected("{\"client_name\":\"x\",\"grant_types\":[\"" + CIBA + "\",\"implicit\"]}", "grant_types");
            rejected("{\"client_name\":\"x\",\"grant_types\":[]}", "grant_types");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " openid", "openid ", "openid  payments", "open\\\"id", "open\\\\id", "caf\\u00e9"})
        void requiresScopeTokensSeparatedBySingleSpaces(String scope) {
            rejected("{\"client_name\":\"x\",\"scope\":\"" + scope + "\"}", "scope");
        }

        @Test
        void rejectsAnOverlongScope() {
            rejected("{\"client_name\":\"x\",\"scope\":\"" + "s".repeat(1001) + "\"}", "scope");
        }

        @Test
        void acceptsOnlyPollPingAndPush() {
            rejected(
                    "{\"client_name\":\"x\",\"backchannel_token_delivery_mode\":\"email\"}",
                    "backchannel_token_delivery_mode");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ping", "push"})
        void requiresANotificationEndpointForPingAndPush(String mode) {
            rejected(
                    "{\"client_name\":\"x\",\"backchannel_token_delivery_mode\":\"" + mode + "\"}",
                    "backchannel_client_notification_endpoint is required");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "http://agent.example/cb",
                    "ftp://agent.example/cb",
                    "https://10.1.2.3/cb",
                    "https://127.0.0.1/cb",
                    "https://[::1]/cb",
                    "https://169.254.169.254/latest",
                    "https://user@agent.example/cb",
                    "https://agent.example/cb#frag",
                    "/relative",
                    "not a url"
                })
        void refusesNotificationEndpointsThatAreNotPublicHttps(String url) {
            rejected(
                    "{\"client_name\":\"x\",\"backchannel_token_delivery_mode\":\"push\","
                            + "\"backchannel_client_notification_endpoint\":\"" + url + "\"}",
                    "backchannel_client_notification_endpoint");
        }

        @Test
        void registersAPushClientWithItsNotificationEndpoint() {
            Response response = post("{\"client_name\":\"Push agent\",\"backchannel_token_delivery_mode\":\"push\","
                    + "\"backchannel_client_notification_endpoint\":\"https://agent.example/cb\"}");
            response.then()
                    .statusCode(201)
                    .body("backchannel_token_delivery_mode", equalTo("push"))
                    .body("backchannel_client_notification_endpoint", equalTo("https://agent.example/cb"));
        }

        @Test
        void rejectsANotificationEndpointForThePollMode() {
            rejected(
                    "{\"client_name\":\"x\",\"backchannel_client_notification_endpoint\":\"https://a.example/cb\"}",
                    "backchannel_client_notification_endpoint");
        }

        @Test
        void requiresJwksToBeAPublicJwkSet() {
            rejected("{\"client_name\":\"x\",\"jwks\":\"https://a.example/jwks\"}", "jwks");
            rejected("{\"client_name\":\"x\",\"jwks\":{}}", "jwks");
            rejected("{\"client_name\":\"x\",\"jwks\":{\"keys\":{}}}", "jwks");
            rejected("{\"client_name\":\"x\",\"jwks\":{\"keys\":[]}}", "jwks");
            rejected("{\"client_name\":\"x\",\"jwks\":{\"keys\":[{\"crv\":\"P-256\"}]}}", "kty");
            rejected("{\"client_name\":\"x\",\"jwks\":{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}}", "public");
            rejected("{\"client_name\":\"x\",\"jwks\":{\"keys\":[{\"kty\":\"EC\",\"d\":\"AAAA\"}]}}", "public");
        }

        @Test
        void requiresJwksUriToBeAnHttpsUrl() {
            rejected("{\"client_name\":\"x\",\"jwks_uri\":\"http://a.example/jwks\"}", "jwks_uri");
            rejected("{\"client_name\":\"x\",\"jwks_uri\":\"https://a.example/jwks#frag\"}", "jwks_uri");
            rejected("{\"client_name\":\"x\",\"jwks_uri\":\"not a url\"}", "jwks_uri");
            rejected("{\"client_name\":\"x\",\"jwks_uri\":\"javascript:alert(1)\"}", "jwks_uri");
        }

        @Test
        void rejectsJwksTogetherWithJwksUri() {
            rejected(
                    "{\"client_name\":\"x\",\"jwks_uri\":\"https://a.example/jwks\",\"jwks\":{\"keys\":[{\"kty\":\"EC\"}]}}",
                    "jwks_uri");
        }

        @Test
        void acceptsOnlyTheConfiguredAuthorizationDetailsTypes() {
            rejected(
                    "{\"client_name\":\"x\",\"authorization_details_types\":[\"wire_transfer\"]}",
                    "authorization_details_types");
            rejected("{\"client_name\":\"x\",\"authorization_details_types\":[\"\"]}", "authorization_details_types");
            rejected(
                    "{\"client_name\":\"x\",\"authorization_details_types\":[{\"type\":\"payment_initiation\"}]}",
                    "authorization_details_types");
        }
    }

    @Nested
    @DisplayName("RFC 8259 JSON: malformed, duplicated, oversized and hostile bodies store nothing")
    class BadJson {
        @ParameterizedTest
        @ValueSource(strings = {"", "{", "not json", "[]", "\"client\"", "42", "null", "{\"client_name\":\"a\"} {}"})
        void rejectsABodyThatIsNotOneJsonObject(String body) {
            rejected(body, "");
        }

        @Test
        void rejectsARepeatedMember() {
            rejected("{\"client_name\":\"a\",\"client_name\":\"b\"}", "repeats");
        }

        @Test
        void rejectsAOneMegabyteBody() {
            rejected("{\"client_name\":\"" + "a".repeat(1024 * 1024) + "\"}", "larger");
        }

        @Test
        void rejectsDeeplyNestedJson() {
            rejected("{\"client_name\":\"x\",\"extra\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "JSON");
        }

        @Test
        void rejectsAnotherContentTypeWith415() {
            long before = storedClients();
            given().header("Authorization", ADMIN)
                    .contentType("text/plain")
                    .body("{\"client_name\":\"x\"}")
                    .post("/admin/clients")
                    .then()
                    .statusCode(415)
                    .contentType("application/problem+json");
            assertThat(storedClients(), equalTo(before));
        }
    }

    @Nested
    @DisplayName("RFC 6750 §3 The operator API requires the admin bearer token")
    class AdminAuthentication {
        @Test
        void rejectsARegistrationWithoutTheAdminTokenAndStoresNothing() {
            long before = storedClients();
            given().contentType(ContentType.JSON)
                    .body("{\"client_name\":\"x\"}")
                    .post("/admin/clients")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json");
            given().header("Authorization", "Bearer wrong-token-wrong-token-wrong-token")
                    .contentType(ContentType.JSON)
                    .body("{\"client_name\":\"x\"}")
                    .post("/admin/clients")
                    .then()
                    .statusCode(401);
            assertThat(storedClients(), equalTo(before));
        }

        @Test
        void rejectsReadsAndDeletesWithoutTheAdminToken() {
            String clientId = post("{\"client_name\":\"Guarded\"}").path("client_id");
            given().get("/admin/clients/" + clientId).then().statusCode(401);
            given().delete("/admin/clients/" + clientId).then().statusCode(401);
            given().header("Authorization", ADMIN)
                    .get("/admin/clients/" + clientId)
                    .then()
                    .statusCode(200);
        }
    }

    @Nested
    @DisplayName("Deleting a client")
    class Deletion {
        @Test
        void deletesOnceThenAnswers404() {
            String clientId = post("{\"client_name\":\"Doomed\"}").path("client_id");
            given().header("Authorization", ADMIN)
                    .delete("/admin/clients/" + clientId)
                    .then()
                    .statusCode(204);
            given().header("Authorization", ADMIN)
                    .get("/admin/clients/" + clientId)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
            given().header("Authorization", ADMIN)
                    .delete("/admin/clients/" + clientId)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }

        @Test
        void answers404ForAnUnknownOrOverlongId() {
            long before = storedClients();
            given().header("Authorization", ADMIN)
                    .delete("/admin/clients/" + "x".repeat(500))
                    .then()
                    .statusCode(404);
            given().header("Authorization", ADMIN)
                    .get("/admin/clients/unknown")
                    .then()
                    .statusCode(404);
            assertThat(storedClients(), equalTo(before));
        }
    }
}
