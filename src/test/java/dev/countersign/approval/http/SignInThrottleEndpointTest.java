package dev.countersign.approval.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Password sign-in is throttled per client IP address, across accounts, beside the per-account lockout. */
@QuarkusTest
@TestProfile(SignInThrottleEndpointTest.ThreePerWindow.class)
class SignInThrottleEndpointTest {
    /** countersign.account.ip-max-failed-logins=3 within PT10M. */
    public static class ThreePerWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "countersign.account.ip-max-failed-logins", "3",
                    "countersign.account.ip-failure-window", "PT10M");
        }
    }

    @Inject
    MutableClock clock;

    static ValidatableResponse signIn(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/me/session")
                .then();
    }

    @Nested
    @DisplayName("RFC 6585 §4 429 Too Many Requests")
    class PerAddress {
        @Test
        void wrongPasswordsForManyAccountsPauseTheAddressThenItRecovers() {
            String username = Fixtures.uniqueName("victim");
            Fixtures.user(username);
            signIn("nobody-1", "wrong password one").statusCode(401);
            signIn("nobody-2", "wrong password two").statusCode(401);
            signIn(username, "wrong password three").statusCode(401);

            signIn(username, Fixtures.PASSWORD)
                    .statusCode(429)
                    .contentType(equalTo("application/problem+json"))
                    .header("Retry-After", equalTo("600"))
                    .header("Cache-Control", equalTo("no-store"))
                    .body("status", equalTo(429))
                    .header("Set-Cookie", not(containsString("countersign_session")));
            // Bad input is still a 400, not a throttle answer.
            given().contentType(ContentType.JSON)
                    .body("{")
                    .post("/api/me/session")
                    .then()
                    .statusCode(400);

            clock.advance(Duration.ofMinutes(4));
            signIn(username, Fixtures.PASSWORD).statusCode(429).header("Retry-After", equalTo("360"));
            clock.advance(Duration.ofMinutes(6));
            signIn(username, Fixtures.PASSWORD).statusCode(200);
        }
    }
}
