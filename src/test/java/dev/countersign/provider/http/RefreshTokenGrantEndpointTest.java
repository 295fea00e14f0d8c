package dev.countersign.provider.http;

import static dev.countersign.testing.GrantCalls.OFFLINE_SCOPE;
import static dev.countersign.testing.GrantCalls.approvedTokens;
import static dev.countersign.testing.GrantCalls.auditEvents;
import static dev.countersign.testing.GrantCalls.claims;
import static dev.countersign.testing.GrantCalls.introspect;
import static dev.countersign.testing.GrantCalls.offlineClient;
import static dev.countersign.testing.GrantCalls.refresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.countersign.provider.store.RefreshTokenRepository;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.OAuthErrors;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class RefreshTokenGrantEndpointTest {
    @Inject
    MutableClock clock;

    @Inject
    RefreshTokenRepository refreshTokens;

    RegisteredClient client;
    SignedInUser user;

    @BeforeEach
    void setUp() {
        client = offlineClient();
        user = Fixtures.signedInUser();
    }

    String firstRefreshToken() {
        return approvedTokens(client, user, OFFLINE_SCOPE).getString("refresh_token");
    }

    static void assertError(Response r, String error) {
        OAuthErrors.assertOAuthError(r, 400, error);
    }

    @Transactional
    long storedWithHash(String value) {
        return refreshTokens.count("tokenHash", value);
    }

    @Nested
    @DisplayName("OIDC Core §11 Offline Access: who gets a refresh token")
    class Issuance {
        @Test
        void cibaGrantIssuesARefreshTokenToAnAllowedClientThatAskedForOfflineAccess() {
            JsonPath tokens = approvedTokens(client, user, OFFLINE_SCOPE);
            assertThat(tokens.getString("refresh_token")).hasSizeGreaterThanOrEqualTo(43);
            assertThat(auditEvents("refresh_token.issued", client.clientId())).hasSize(1);
        }

        @Test
        void cibaGrantIssuesNoRefreshTokenWithoutOfflineAccess() {
            JsonPath tokens = approvedTokens(client, user, "openid payments");
            assertThat(tokens.getString("refresh_token")).isNull();
        }

        @Test
        void storesOnlyAHashOfTheRefreshToken() {
            String token = firstRefreshToken();
            assertThat(storedWithHash(token)).isZero();
        }

        @Test
        void registrationRefusesOfflineAccessWithoutTheRefreshTokenGrant() {
            io.restassured.RestAssured.given()
                    .auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .contentType("application/json")
                    .body(Map.of("client_name", "x", "scope", "openid offline_access"))
                    .post("/admin/clients")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }

        @Test
        void registrationRefusesTheRefreshTokenGrantWithoutAGrantThatIssuesThem() {
            io.restassured.RestAssured.given()
                    .auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .contentType("application/json")
                    .body(Map.of(
                            "client_name",
                            "x",
                            "grant_types",
                            List.of("client_credentials", "refresh_token"),
                            "scope",
                            "openid offline_access"))
                    .post("/admin/clients")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    @Nested
    @DisplayName("RFC 6749 §6 Refreshing an Access Token, with rotation (RFC 9700 §4.14.2)")
    class Rotation {
        @Test
        void answersANewAccessTokenAndANewRefreshTokenForTheSameUser() {
            String first = firstRefreshToken();
            Response r = refresh(client, first);
            r.then()
                    .statusCode(200)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .body("token_type", equalTo("Bearer"))
                    .body("scope", equalTo(OFFLINE_SCOPE))
                    .body("refresh_token", notNullValue())
                    .body("id_token", notNullValue());
            assertThat(r.<String>path("refresh_token")).isNotEqualTo(first);
            JsonPath at = claims(r.path("access_token"));
            assertThat(at.getString("sub")).isEqualTo(user.sub());
            assertThat(at.getString("act.sub")).isEqualTo(client.clientId());
            assertThat(auditEvents("refresh_token.rotated", client.clientId())).hasSize(1);
        }

        @Test
        void theUsedRefreshTokenIsDeadAfterOneUse() {
            String first = firstRefreshToken();
            refresh(client, first).then().statusCode(200);
            assertError(refresh(client, first), "invalid_grant");
        }

        @Test
        void theNewRefreshTokenWorksInTurn() {
            String second = refresh(client, firstRefreshToken()).path("refresh_token");
            refresh(client, second).then().statusCode(200);
        }

        @Test
        void allowsNarrowingTheScope() {
            Response r = refresh(client, firstRefreshToken(), "scope", "payments");
            r.then().statusCode(200).body("scope", equalTo("payments")).body("id_token", nullValue());
            assertThat(claims(r.path("access_token")).getString("scope")).isEqualTo("payments");
            // RFC 6749 §6: the new refresh token keeps the scope of the original grant.
            refresh(client, r.path("refresh_token")).then().statusCode(200).body("scope", equalTo(OFFLINE_SCOPE));
        }

        @Test
        void rejectsWideningTheScopeAndLeavesTheRefreshTokenUsable() {
            JsonPath tokens = approvedTokens(client, user, "openid offline_access");
            String token = tokens.getString("refresh_token");
            assertError(refresh(client, token, "scope", "openid offline_access payments"), "invalid_scope");
            refresh(client, token).then().statusCode(200);
        }

        @Test
        void rejectsAMissingRefreshTokenAsInvalidRequest() {
            assertError(
                    dev.countersign.testing.GrantCalls.post(client, "/token", "grant_type", "refresh_token"),
                    "invalid_request");
        }

        @Test
        void rejectsAnUnknownRefreshTokenAsInvalidGrant() {
            assertError(refresh(client, "not-a-refresh-token"), "invalid_grant");
        }

        @Test
        void rejectsAnotherClientsRefreshTokenAndLeavesItUsableForItsOwner() {
            String token = firstRefreshToken();
            RegisteredClient other = offlineClient();
            assertError(refresh(other, token), "invalid_grant");
            refresh(client, token).then().statusCode(200);
        }

        @Test
        void rejectsAClientWithoutTheRefreshTokenGrantAsUnauthorizedClient() {
            RegisteredClient cibaOnly = Fixtures.client();
            assertError(refresh(cibaOnly, "whatever"), "unauthorized_client");
        }
    }

    @Nested
    @DisplayName("RFC 9700 §4.14.2 refresh token reuse detection")
    class ReuseDetection {
        @Test
        void reusingAnOldRefreshTokenRevokesTheWholeFamily() {
            String first = firstRefreshToken();
            Response second = refresh(client, first);
            String secondToken = second.path("refresh_token");
            assertError(refresh(client, first), "invalid_grant");
            assertError(refresh(client, secondToken), "invalid_grant");
            introspect(client, second.path("access_token"))
                    .then()
                    .statusCode(200)
                    .body("active", equalTo(false));
        }

        @Test
        void recordsTheReuseInTheAuditTrail() {
            String first = firstRefreshToken();
            refresh(client, first).then().statusCode(200);
            refresh(client, first).then().statusCode(400);
            List<Map<String, Object>> events = auditEvents("refresh_token.reuse_detected", client.clientId());
            assertThat(events).hasSize(1);
            assertThat(events.get(0).get("outcome")).isEqualTo("failure");
            assertThat(events.get(0).toString()).doesNotContain(first);
        }
    }

    @Nested
    @DisplayName("Refresh token lifetimes (countersign.tokens.refresh-token-*)")
    class Lifetimes {
        @Test
        void aRefreshTokenUnusedForTheIdleLifetimeExpires() {
            String token = firstRefreshToken();
            clock.advance(Duration.ofHours(1));
            assertError(refresh(client, token), "invalid_grant");
        }

        @Test
        void rotationRestartsTheIdleLifetime() {
            String token = firstRefreshToken();
            clock.advance(Duration.ofMinutes(50));
            token = refresh(client, token).path("refresh_token");
            clock.advance(Duration.ofMinutes(50));
            refresh(client, token).then().statusCode(200);
        }

        @Test
        void theFamilyEndsAfterItsAbsoluteLifetimeHoweverOftenItIsRotated() {
            String token = firstRefreshToken();
            for (int i = 0; i < 28; i++) {
                clock.advance(Duration.ofMinutes(50));
                token = refresh(client, token).then().statusCode(200).extract().path("refresh_token");
            }
            clock.advance(Duration.ofMinutes(50));
            assertError(refresh(client, token), "invalid_grant");
        }
    }

    @Nested
    @DisplayName("RFC 6749 §6 concurrency: one refresh token, exactly one winner")
    class Concurrency {
        @Test
        void tenSimultaneousUsesOfOneRefreshTokenYieldExactlyOneTokenResponse() throws Exception {
            String token = firstRefreshToken();
            List<Response> responses = race(10, () -> refresh(client, token));
            assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
            assertThat(responses).filteredOn(r -> r.statusCode() != 200).allSatisfy(r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.<String>path("error")).isEqualTo("invalid_grant");
            });
        }

        private List<Response> race(int n, java.util.concurrent.Callable<Response> call) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Response>> futures = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        return call.call();
                    }));
                }
                start.countDown();
                List<Response> responses = new ArrayList<>();
                for (Future<Response> f : futures) {
                    responses.add(f.get(60, TimeUnit.SECONDS));
                }
                return responses;
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
