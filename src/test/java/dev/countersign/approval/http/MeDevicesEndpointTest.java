package dev.countersign.approval.http;

import static dev.countersign.testing.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.countersign.testing.BrowserSubscription;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The device API of the approval app (docs/api.md): a user registers, lists and removes their own
 * devices only, with the session's CSRF token; bad input is a 400 problem and stores nothing.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class MeDevicesEndpointTest {
    SignedInUser user;
    BrowserSubscription phone;

    @BeforeEach
    void setUp() {
        user = Fixtures.signedInUser();
        phone = new BrowserSubscription("https://push.example.com/wpush/v2/" + Fixtures.uniqueName("sub"));
    }

    ValidatableResponse list(SignedInUser who) {
        return given().cookie("countersign_session", who.sessionCookie())
                .get("/api/me/devices")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store");
    }

    ValidatableResponse post(Object body) {
        return given().cookie("countersign_session", user.sessionCookie())
                .header("X-CSRF-Token", user.csrfToken())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/me/devices")
                .then();
    }

    ValidatableResponse delete(SignedInUser who, String id) {
        return given().cookie("countersign_session", who.sessionCookie())
                .header("X-CSRF-Token", who.csrfToken())
                .delete("/api/me/devices/" + id)
                .then();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> withSubscription(String member, Object value) {
        Map<String, Object> body = new HashMap<>(phone.registration("Phone"));
        Map<String, Object> subscription = new HashMap<>((Map<String, Object>) body.get("subscription"));
        subscription.put(member, value);
        body.put("subscription", subscription);
        return body;
    }

    Map<String, Object> withKeys(String p256dh, String auth) {
        return withSubscription("keys", Map.of("p256dh", p256dh, "auth", auth));
    }

    @Nested
    @DisplayName("Register, list, remove")
    class Lifecycle {
        @Test
        void registersListsAndRemovesADevice() {
            String id = phone.register(user, "Pixel 8")
                    .then()
                    .statusCode(201)
                    .header("Cache-Control", "no-store")
                    .body("kind", equalTo("webpush"))
                    .body("name", equalTo("Pixel 8"))
                    .body("created_at", notNullValue())
                    .body("last_used_at", nullValue())
                    .extract()
                    .path("id");
            list(user).body("id", hasSize(1)).body("[0].id", equalTo(id)).body("[0].name", equalTo("Pixel 8"));
            delete(user, id).statusCode(204);
            list(user).body("id", hasSize(0));
            assertProblem(delete(user, id), 404);
        }

        @Test
        void updatesTheExistingDeviceWhenTheSameEndpointIsRegisteredAgain() {
            String id = phone.register(user, "Old name")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            phone.register(user, "New name")
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(id))
                    .body("name", equalTo("New name"));
            list(user).body("id", hasSize(1)).body("[0].name", equalTo("New name"));
        }

        @Test
        void letsAUserHaveSeveralDevices() {
            phone.register(user, "Phone").then().statusCode(201);
            new BrowserSubscription("https://push.example.com/wpush/v2/" + Fixtures.uniqueName("laptop"))
                    .register(user, "Laptop")
                    .then()
                    .statusCode(201);
            list(user).body("name", hasSize(2));
        }
    }

    @Nested
    @DisplayName("Another user's devices")
    class Isolation {
        @Test
        void neitherListsNorRemovesAnotherUsersDevice() {
            String id = phone.register(user, "Mine")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            SignedInUser other = Fixtures.signedInUser();
            list(other).body("id", hasSize(0));
            assertProblem(delete(other, id), 404);
            list(user).body("id", hasSize(1));
        }
    }

    @Nested
    @DisplayName("OWASP CSRF Prevention and sessions")
    class Sessions {
        @Test
        void refusesARegistrationWithoutTheCsrfToken() {
            given().cookie("countersign_session", user.sessionCookie())
                    .contentType(ContentType.JSON)
                    .body(phone.registration("Phone"))
                    .post("/api/me/devices")
                    .then()
                    .statusCode(403);
            list(user).body("id", hasSize(0));
        }

        @Test
        void refusesARemovalWithoutTheCsrfToken() {
            String id = phone.register(user, "Phone")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            given().cookie("countersign_session", user.sessionCookie())
                    .delete("/api/me/devices/" + id)
                    .then()
                    .statusCode(403);
            list(user).body("id", hasSize(1));
        }

        @Test
        void needsASession() {
            given().get("/api/me/devices").then().statusCode(401);
            given().contentType(ContentType.JSON)
                    .body(phone.registration("Phone"))
                    .post("/api/me/devices")
                    .then()
                    .statusCode(401);
        }

        @Test
        void servesTheVapidKeyWithoutASession() {
            given().get("/api/push/vapid-public-key").then().statusCode(200).body("public_key", notNullValue());
        }
    }

    @Nested
    @DisplayName("Bad input changes nothing")
    class BadInput {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "http://push.example.com/x",
                    "https://10.1.2.3/push",
                    "https://127.0.0.1/push",
                    "https://[::1]/push",
                    "https://169.254.169.254/latest",
                    "ftp://push.example.com/x",
                    "not a url",
                    "/relative",
                    "https://user:pw@push.example.com/x",
                    "https://push.example.com/x#frag"
                })
        void refusesAnEndpointOutsideTheOutboundPolicy(String endpoint) {
            assertProblem(post(withSubscription("endpoint", endpoint)), 400);
            list(user).body("id", hasSize(0));
        }

        @Test
        void refusesAnOverlongEndpoint() {
            assertProblem(post(withSubscription("endpoint", "https://push.example.com/" + "a".repeat(2100))), 400);
            list(user).body("id", hasSize(0));
        }

        @Test
        void refusesAKeyThatIsNotAPointOnP256() {
            byte[] point = Base64.getUrlDecoder().decode(phone.p256dh());
            point[64] ^= 1;
            String offCurve = Base64.getUrlEncoder().withoutPadding().encodeToString(point);
            assertProblem(post(withKeys(offCurve, phone.auth())), 400);
            byte[] compressed = java.util.Arrays.copyOf(point, 33);
            compressed[0] = 2;
            assertProblem(post(withKeys(Base64.getUrlEncoder().encodeToString(compressed), phone.auth())), 400);
            assertProblem(post(withKeys("not*base64", phone.auth())), 400);
            list(user).body("id", hasSize(0));
        }

        @Test
        void refusesAnAuthSecretThatIsNot16Bytes() {
            assertProblem(post(withKeys(phone.p256dh(), "AAAAAAAAAAAAAAAAAAAA")), 400);
            assertProblem(post(withKeys(phone.p256dh(), "")), 400);
            list(user).body("id", hasSize(0));
        }

        @Test
        void refusesAMissingOrOverlongName() {
            Map<String, Object> body = new HashMap<>(phone.registration("x"));
            body.put("name", "n".repeat(61));
            assertProblem(post(body), 400);
            body.put("name", "  ");
            assertProblem(post(body), 400);
            body.put("name", "tab\tname");
            assertProblem(post(body), 400);
            body.remove("name");
            assertProblem(post(body), 400);
            list(user).body("id", hasSize(0));
        }

        @Test
        void refusesUnknownAndRepeatedMembers() {
            Map<String, Object> body = new HashMap<>(phone.registration("Phone"));
            body.put("admin", true);
            assertProblem(post(body), 400);
            assertProblem(post(withSubscription("extra", 1)), 400);
            assertProblem(post(withSubscription("expirationTime", "tomorrow")), 400);
            String repeated = "{\"name\":\"A\",\"name\":\"B\",\"subscription\":{\"endpoint\":\"" + phone.endpoint()
                    + "\",\"keys\":{\"p256dh\":\"" + phone.p256dh() + "\",\"auth\":\"" + phone.auth()
                    + "\",\"auth\":\"" + phone.auth() + "\"}}}";
            assertProblem(post(repeated), 400);
            list(user).body("id", hasSize(0));
        }

        @Test
        void refusesBodiesThatAreNotAnObjectOrTooLarge() {
            assertProblem(post("[]"), 400);
            assertProblem(post("not json"), 400);
            assertProblem(post(""), 400);
            assertProblem(post(withSubscription("padding", "p".repeat(9000))), 400);
            list(user).body("id", hasSize(0));
        }
    }
}
