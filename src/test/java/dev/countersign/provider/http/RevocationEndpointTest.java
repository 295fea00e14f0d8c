package dev.countersign.provider.http;

import static dev.countersign.testing.GrantCalls.OFFLINE_SCOPE;
import static dev.countersign.testing.GrantCalls.approvedTokens;
import static dev.countersign.testing.GrantCalls.auditEvents;
import static dev.countersign.testing.GrantCalls.introspect;
import static dev.countersign.testing.GrantCalls.offlineClient;
import static dev.countersign.testing.GrantCalls.refresh;
import static dev.countersign.testing.GrantCalls.revoke;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
class RevocationEndpointTest {
    @Inject
    MutableClock clock;

    RegisteredClient client;
    SignedInUser user;
    JsonPath tokens;

    @BeforeEach
    void setUp() {
        client = offlineClient();
        user = Fixtures.signedInUser();
        tokens = approvedTokens(client, user, OFFLINE_SCOPE);
    }

    static void assertRevokedOk(Response r) {
        r.then().statusCode(200).header("Cache-Control", "no-store");
    }

    static void assertError(Response r, String error) {
        OAuthErrors.assertOAuthError(r, 400, error);
    }

    boolean active(String token) {
        return introspect(client, token).path("active");
    }

    @Nested
    @DisplayName("RFC 7009 §2.1 Revocation Request")
    class Revocation {
        @Test
        void revokingARefreshTokenRevokesItsFamilyAndItsAccessTokens() {
            Response rotated = refresh(client, tokens.getString("refresh_token"));
            String second = rotated.path("refresh_token");
            assertRevokedOk(revoke(client, second, "token_type_hint", "refresh_token"));
            refresh(client, second).then().statusCode(400).body("error", equalTo("invalid_grant"));
            assertThat(active(rotated.path("access_token"))).isFalse();
            assertThat(active(tokens.getString("access_token"))).isFalse();
        }

        @Test
        void revokingAnAccessTokenMakesItInactiveUntilItsExpiry() {
            String accessToken = tokens.getString("access_token");
            assertRevokedOk(revoke(client, accessToken, "token_type_hint", "access_token"));
            assertThat(active(accessToken)).isFalse();
            // The refresh token of the same grant is not touched (§2.1 makes that a MAY).
            refresh(client, tokens.getString("refresh_token")).then().statusCode(200);
        }

        @Test
        void findsTheTokenWhateverTheHintSays() {
            assertRevokedOk(revoke(client, tokens.getString("access_token"), "token_type_hint", "refresh_token"));
            assertThat(active(tokens.getString("access_token"))).isFalse();
        }

        @Test
        void recordsEachRevocationInTheAuditTrail() {
            revoke(client, tokens.getString("access_token")).then().statusCode(200);
            revoke(client, tokens.getString("refresh_token")).then().statusCode(200);
            assertThat(auditEvents("token.revoked", client.clientId())).hasSize(2);
            assertThat(auditEvents("token.revoked", client.clientId()).toString())
                    .doesNotContain(tokens.getString("refresh_token"));
        }

        @Test
        void revokingTwiceAnswers200Twice() {
            assertRevokedOk(revoke(client, tokens.getString("access_token")));
            assertRevokedOk(revoke(client, tokens.getString("access_token")));
            assertRevokedOk(revoke(client, tokens.getString("refresh_token")));
            assertRevokedOk(revoke(client, tokens.getString("refresh_token")));
            // one event per token actually revoked, none for the repeats
            assertThat(auditEvents("token.revoked", client.clientId())).hasSize(2);
        }
    }

    @Nested
    @DisplayName("RFC 7009 §2.2 Revocation Response: simultaneous revocations")
    class Concurrency {
        @Test
        void tenSimultaneousRevocationsOfOneAccessTokenAllAnswer200AndAuditOnce() throws Exception {
            String accessToken = tokens.getString("access_token");
            ExecutorService pool = Executors.newFixedThreadPool(10);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Response>> futures = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        return revoke(client, accessToken);
                    }));
                }
                start.countDown();
                for (Future<Response> f : futures) {
                    assertRevokedOk(f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(active(accessToken)).isFalse();
            assertThat(auditEvents("token.revoked", client.clientId())).hasSize(1);
        }
    }

    @Nested
    @DisplayName("RFC 7009 §2.2 Revocation Response: invalid tokens")
    class InvalidTokens {
        @Test
        void anUnknownTokenAnswers200() {
            assertRevokedOk(revoke(client, "no-such-token"));
        }

        @Test
        void anExpiredAccessTokenAnswers200() {
            clock.advance(Duration.ofMinutes(5));
            assertRevokedOk(revoke(client, tokens.getString("access_token")));
        }

        @Test
        void anotherClientsTokenIsRefusedAndStaysValid() {
            RegisteredClient other = offlineClient();
            assertError(revoke(other, tokens.getString("access_token")), "invalid_grant");
            assertError(revoke(other, tokens.getString("refresh_token")), "invalid_grant");
            assertThat(active(tokens.getString("access_token"))).isTrue();
            assertThat(active(tokens.getString("refresh_token"))).isTrue();
            assertThat(auditEvents("token.revoked", client.clientId())).isEmpty();
        }
    }

    @Nested
    @DisplayName("RFC 7009 §2.2.1 Error Response")
    class Errors {
        @Test
        void aHintForATypeThatCannotBeRevokedIsUnsupportedTokenType() {
            assertError(
                    revoke(client, tokens.getString("access_token"), "token_type_hint", "id_token"),
                    "unsupported_token_type");
            assertThat(active(tokens.getString("access_token"))).isTrue();
        }

        @Test
        void anIdTokenIsUnsupportedTokenType() {
            assertError(revoke(client, tokens.getString("id_token")), "unsupported_token_type");
        }

        @Test
        void aMissingTokenIsInvalidRequest() {
            assertError(
                    dev.countersign.testing.GrantCalls.post(client, "/revoke", "token_type_hint", "access_token"),
                    "invalid_request");
        }

        @Test
        void anUnauthenticatedCallerIsInvalidClientWith401() {
            given().contentType("application/x-www-form-urlencoded")
                    .formParam("token", tokens.getString("refresh_token"))
                    .post("/revoke")
                    .then()
                    .statusCode(401)
                    .body("error", equalTo("invalid_client"));
            assertThat(active(tokens.getString("refresh_token"))).isTrue();
        }
    }
}
