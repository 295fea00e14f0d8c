package dev.countersign.approval.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.countersign.account.SignInThrottle;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Password sign-in is throttled per client IP address, across accounts, beside the per-account
 * lockout; the counts are database rows, shared by every instance and kept across restarts.
 */
@QuarkusTest
@TestProfile(SignInThrottleEndpointTest.ThreePerWindow.class)
@Tag(PostgresServerResource.TAG)
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

    @Inject
    SignInThrottle throttle;

    @Inject
    TestDatabase database;

    @BeforeEach
    void noCountsYet() {
        clock.reset();
        database.update("delete from sign_in_throttle");
    }

    private long failuresStored() {
        return database.number("select coalesce(sum(failures), 0) from sign_in_throttle");
    }

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

    @Nested
    @DisplayName("OWASP Authentication Cheat Sheet: throttling per client address")
    class Windows {
        @Test
        void pausesAnAddressAtTheLimitUntilItsWindowEnds() {
            throttle.recordFailure("192.0.2.1");
            clock.advance(Duration.ofSeconds(60));
            throttle.recordFailure("192.0.2.1");
            assertThat(throttle.retryAfter("192.0.2.1")).isEmpty();
            throttle.recordFailure("192.0.2.1");
            assertThat(throttle.retryAfter("192.0.2.1")).contains(Duration.ofMinutes(9));
            clock.advance(Duration.ofMinutes(9));
            assertThat(throttle.retryAfter("192.0.2.1")).isEmpty();
        }

        @Test
        void countsEachAddressOnItsOwn() {
            for (int i = 0; i < 3; i++) {
                throttle.recordFailure("192.0.2.1");
            }
            assertThat(throttle.retryAfter("192.0.2.1")).isPresent();
            assertThat(throttle.retryAfter("192.0.2.2")).isEmpty();
            assertThat(throttle.retryAfter(null)).isEmpty();
        }

        @Test
        void startsAFreshWindowAfterTheOldOneEnded() {
            throttle.recordFailure("192.0.2.1");
            throttle.recordFailure("192.0.2.1");
            clock.advance(Duration.ofMinutes(11));
            throttle.recordFailure("192.0.2.1");
            assertThat(throttle.retryAfter("192.0.2.1")).isEmpty();
        }
    }

    @Nested
    @DisplayName("The counts are shared by every instance and survive a restart")
    class Shared {
        @Test
        void storesOnlyAKeyedHashOfTheAddress() {
            signIn("nobody", "wrong password").statusCode(401);
            assertThat(database.number("select count(*) from sign_in_throttle")).isEqualTo(1);
            assertThat(database.text("select address_hash from sign_in_throttle"))
                    .doesNotContain("127.0.0.1")
                    .hasSize(43);
        }

        @Test
        void answersFromTheDatabaseNotFromMemory() {
            String username = Fixtures.uniqueName("shared");
            Fixtures.user(username);
            signIn("nobody", "wrong password").statusCode(401);
            // Another instance counted two more failures from this address.
            database.update("update sign_in_throttle set failures = failures + 2");
            signIn(username, Fixtures.PASSWORD).statusCode(429);
            // An operator (or a restart of every instance with the window over) clears them.
            database.update("delete from sign_in_throttle");
            signIn(username, Fixtures.PASSWORD).statusCode(200);
        }

        @Test
        void countsEveryConcurrentFailureOfANewAddress() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Callable<Void>> calls = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    calls.add(() -> {
                        throttle.recordFailure("198.51.100.7");
                        return null;
                    });
                }
                for (Future<Void> f : pool.invokeAll(calls)) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(failuresStored()).isEqualTo(12);
        }

        @Test
        void cleanupDeletesOnlyWindowsThatEnded() {
            throttle.recordFailure("192.0.2.1");
            clock.advance(Duration.ofMinutes(8));
            throttle.recordFailure("192.0.2.2");
            clock.advance(Duration.ofMinutes(3));
            assertThat(throttle.deleteEndedWindows()).isEqualTo(1);
            assertThat(database.number("select count(*) from sign_in_throttle")).isEqualTo(1);
            assertThat(throttle.retryAfter("192.0.2.2")).isEmpty();
            assertThat(failuresStored()).isEqualTo(1);
        }
    }
}
