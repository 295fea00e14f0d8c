package dev.countersign.ciba;

import static dev.countersign.testing.CibaCalls.CIBA_GRANT;
import static dev.countersign.testing.CibaCalls.FORM;
import static dev.countersign.testing.CibaCalls.asClient;
import static dev.countersign.testing.CibaCalls.form;
import static dev.countersign.testing.CibaCalls.poll;
import static dev.countersign.testing.CibaCalls.start;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.countersign.common.SecretHasher;
import dev.countersign.provider.store.ClientRepository;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.OAuthErrors;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A poll that writes nothing is answered before any transaction begins, with the client read from
 * a short cache: the answers must be exactly those of the full path, and a deleted or changed client
 * must stop authenticating at once (deleted here) or within {@code client-cache-ttl} (changed in the
 * database, as another instance would).
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class PendingPollEndpointTest {
    /** {@code countersign.client-auth.client-cache-ttl}'s default. */
    static final Duration CACHE_TTL = Duration.ofSeconds(5);

    @Inject
    MutableClock clock;

    @Inject
    ClientRepository clients;

    @Inject
    SecretHasher hasher;

    RegisteredClient client;
    SignedInUser user;

    @BeforeEach
    void setUp() {
        client = Fixtures.client();
        user = Fixtures.signedInUser();
    }

    static void assertError(Response r, int status, String error) {
        OAuthErrors.assertOAuthError(r, status, error);
    }

    @Nested
    @DisplayName("RFC 6749 §2.3 and §5.2 client authentication on every poll")
    class ClientAuthentication {
        @Test
        void aClientDeletedThroughThisInstanceStopsAuthenticatingAtOnce() {
            String authReqId = start(client, user.username());
            assertError(poll(client, authReqId), 400, "authorization_pending");
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .delete("/admin/clients/" + client.clientId())
                    .then()
                    .statusCode(204);
            assertError(poll(client, authReqId), 401, "invalid_client");
        }

        @Test
        void aClientDeletedThroughAnotherInstanceStopsAuthenticatingWithinTheCacheTtl() {
            String authReqId = start(client, user.username());
            assertError(poll(client, authReqId), 400, "authorization_pending");
            // Another instance sharing the database deletes the row; this one still has it cached ...
            QuarkusTransaction.requiringNew().run(() -> clients.deleteById(client.clientId()));
            clock.advance(CACHE_TTL.minusSeconds(1));
            assertError(poll(client, authReqId), 400, "slow_down");
            // ... for at most the documented bound.
            clock.advance(Duration.ofSeconds(1));
            assertError(poll(client, authReqId), 401, "invalid_client");
        }

        @Test
        void aSecretChangedInTheDatabaseTakesEffectWithinTheCacheTtl() {
            String authReqId = start(client, user.username());
            assertError(poll(client, authReqId), 400, "authorization_pending");
            String rotated = "rotated-secret-0123456789abcdef0123456789abcdef";
            QuarkusTransaction.requiringNew()
                    .run(() -> clients.findById(client.clientId()).secretHash = hasher.hash(rotated));
            clock.advance(CACHE_TTL);
            assertError(poll(client, authReqId), 401, "invalid_client");
            RegisteredClient withRotatedSecret = new RegisteredClient(client.clientId(), rotated);
            assertError(poll(withRotatedSecret, authReqId), 400, "authorization_pending");
        }

        @Test
        void aWrongSecretOnAPendingPollIsInvalidClient() {
            String authReqId = start(client, user.username());
            assertError(poll(client, authReqId), 400, "authorization_pending");
            clock.advance(Duration.ofSeconds(5));
            RegisteredClient wrong = new RegisteredClient(client.clientId(), client.clientSecret() + "x");
            assertError(poll(wrong, authReqId), 401, "invalid_client");
            // The refused poll did not count: the owner is on time.
            assertError(poll(client, authReqId), 400, "authorization_pending");
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §11 and RFC 9449 §5 the same answers as before")
    class SameAnswers {
        @Test
        void anotherClientsAuthReqIdIsInvalidGrantAndDoesNotPaceTheOwner() {
            String authReqId = start(client, user.username());
            RegisteredClient other = Fixtures.client();
            assertError(poll(other, authReqId), 400, "invalid_grant");
            assertError(poll(client, authReqId), 400, "authorization_pending");
        }

        @Test
        void aDpopBoundClientPollingWithoutAProofIsRefused() {
            RegisteredClient bound = Fixtures.client(Map.of("dpop_bound_access_tokens", true));
            String authReqId = start(bound, user.username());
            assertError(poll(bound, authReqId), 400, "invalid_dpop_proof");
        }

        @Test
        void aPendingPollWithAnInvalidDpopProofIsRefused() {
            String authReqId = start(client, user.username());
            assertError(
                    asClient(client)
                            .contentType(FORM)
                            .header("DPoP", "not-a-jwt")
                            .body(form("grant_type", CIBA_GRANT, "auth_req_id", authReqId))
                            .post("/token"),
                    400,
                    "invalid_dpop_proof");
        }

        @Test
        void aMissingAuthReqIdIsInvalidRequest() {
            assertError(
                    asClient(client)
                            .contentType(FORM)
                            .body(form("grant_type", CIBA_GRANT))
                            .post("/token"),
                    400,
                    "invalid_request");
        }

        @Test
        void slowDownKeepsGrowingTheIntervalWhileTheClientPollsTooFast() {
            String authReqId = start(client, user.username());
            assertError(poll(client, authReqId), 400, "authorization_pending");
            poll(client, authReqId)
                    .then()
                    .body("error_description", equalTo("polled before the interval passed; the interval is now 10 s"));
            poll(client, authReqId)
                    .then()
                    .body("error_description", equalTo("polled before the interval passed; the interval is now 15 s"));
            clock.advance(Duration.ofSeconds(15));
            assertError(poll(client, authReqId), 400, "authorization_pending");
            // Still 15 s for all later polls.
            clock.advance(Duration.ofSeconds(10));
            assertError(poll(client, authReqId), 400, "slow_down");
        }
    }
}
