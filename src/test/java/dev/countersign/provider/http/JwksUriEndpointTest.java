package dev.countersign.provider.http;

import static dev.countersign.testing.ClientJwts.assertion;
import static dev.countersign.testing.ClientJwts.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import dev.countersign.provider.EchoGrantHandler;
import dev.countersign.provider.TestClients;
import dev.countersign.testing.ClientJwts;
import dev.countersign.testing.JwksServer;
import dev.countersign.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * private_key_jwt with keys fetched from the client's {@code jwks_uri} (RFC 7591 §2) on a real HTTPS
 * server with a self-signed certificate the test trusts: one fetch serves many requests, Cache-Control
 * bounds the cache, a new {@code kid} triggers a (rate limited) refetch, and a failing {@code jwks_uri}
 * answers {@code invalid_client}, never a server error.
 */
@QuarkusTest
class JwksUriEndpointTest {
    /** Started here rather than as a test resource, so the test runs in the shared application. */
    @org.junit.jupiter.api.BeforeAll
    static void startJwksServer() {
        JwksServer.startShared();
    }

    private static final ECKey FIRST = ClientJwts.ecKey("first");
    private static final ECKey SECOND = ClientJwts.ecKey("second");

    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    @Inject
    MutableClock clock;

    String clientId;

    @BeforeEach
    void registerAClientWithAJwksUri() {
        clock.reset();
        JwksServer.answer(200, ClientJwts.jwks(FIRST), "max-age=300");
        clientId = TestClients.register("{\"client_name\":\"Remote keys\",\"token_endpoint_auth_method\":"
                        + "\"private_key_jwt\",\"grant_types\":[\"" + EchoGrantHandler.GRANT_TYPE + "\"],"
                        + "\"jwks_uri\":\"" + JwksServer.url(UUID.randomUUID().toString()) + "\"}")
                .clientId();
    }

    private ValidatableResponse token(ECKey key) {
        return token(key, key.getKeyID());
    }

    private ValidatableResponse token(ECKey key, String kid) {
        String jwt = sign(
                key,
                JWSAlgorithm.ES256,
                kid,
                assertion(clientId, issuer, clock.instant()).build());
        return ClientAssertionEndpointTest.token(jwt).then();
    }

    private void refused(ECKey key, String kid) {
        token(key, kid).statusCode(401).header("Cache-Control", "no-store").body("error", equalTo("invalid_client"));
    }

    @Nested
    @DisplayName("RFC 7591 §2 jwks_uri: caching")
    class Caching {
        @Test
        void fetchesTheKeySetOnceForManyAssertions() {
            int before = JwksServer.fetches();
            for (int i = 0; i < 5; i++) {
                token(FIRST).statusCode(200);
            }
            assertThat(JwksServer.fetches() - before).isEqualTo(1);
        }

        @Test
        void refetchesOnceTheCacheControlMaxAgeHasPassed() {
            JwksServer.answer(200, ClientJwts.jwks(FIRST), "public, max-age=60");
            int before = JwksServer.fetches();
            token(FIRST).statusCode(200);
            clock.advance(Duration.ofSeconds(59));
            token(FIRST).statusCode(200);
            assertThat(JwksServer.fetches() - before).isEqualTo(1);
            clock.advance(Duration.ofSeconds(2));
            token(FIRST).statusCode(200);
            assertThat(JwksServer.fetches() - before).isEqualTo(2);
        }

        @Test
        void keepsEvenAnUncacheableKeySetForTheMinimumTime() {
            JwksServer.answer(200, ClientJwts.jwks(FIRST), "no-store");
            int before = JwksServer.fetches();
            token(FIRST).statusCode(200);
            clock.advance(Duration.ofSeconds(20));
            token(FIRST).statusCode(200);
            assertThat(JwksServer.fetches() - before).isEqualTo(1);
        }

        @Test
        void capsAVeryLongMaxAgeAtTheMaximumTime() {
            JwksServer.answer(200, ClientJwts.jwks(FIRST), "max-age=31536000");
            int before = JwksServer.fetches();
            token(FIRST).statusCode(200);
            clock.advance(Duration.ofMinutes(61));
            token(FIRST).statusCode(200);
            assertThat(JwksServer.fetches() - before).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("RFC 7591 §2 jwks_uri: key rotation")
    class Rotation {
        @Test
        void refetchesWhenAnAssertionNamesANewKid() {
            int before = JwksServer.fetches();
            token(FIRST).statusCode(200);
            JwksServer.answer(200, ClientJwts.jwks(FIRST, SECOND), "max-age=300");
            clock.advance(Duration.ofSeconds(31));
            token(SECOND).statusCode(200);
            token(FIRST).statusCode(200);
            assertThat(JwksServer.fetches() - before).isEqualTo(2);
        }

        @Test
        void refetchesForUnknownKidsAtMostOncePerInterval() {
            int before = JwksServer.fetches();
            token(FIRST).statusCode(200);
            clock.advance(Duration.ofSeconds(31));
            for (int i = 0; i < 5; i++) {
                refused(FIRST, "forged-" + i);
            }
            assertThat(JwksServer.fetches() - before).isEqualTo(2);
            token(FIRST).statusCode(200);
        }
    }

    @Nested
    @DisplayName("RFC 7523 §3.2 invalid_client when the keys cannot be had")
    class Failures {
        @Test
        void answersInvalidClientWhenTheJwksUriAnswersAnError() {
            JwksServer.answer(500, "oops", null);
            refused(FIRST, "first");
        }

        @Test
        void answersInvalidClientWhenTheJwksUriAnswersSomethingElseThanAKeySet() {
            JwksServer.answer(200, "<html>not json</html>", null);
            refused(FIRST, "first");
        }

        @Test
        void answersInvalidClientWhenTheJwksUriAnswersTooMuch() {
            JwksServer.answer(200, "{\"keys\":[]," + "\"x\":\"" + "a".repeat(70_000) + "\"}", null);
            refused(FIRST, "first");
        }

        @Test
        void retriesAFailedFetchOnlyAfterTheRefetchInterval() {
            JwksServer.answer(500, "oops", null);
            int before = JwksServer.fetches();
            refused(FIRST, "first");
            JwksServer.answer(200, ClientJwts.jwks(FIRST), null);
            refused(FIRST, "first");
            assertThat(JwksServer.fetches() - before).isEqualTo(1);
            clock.advance(Duration.ofSeconds(31));
            token(FIRST).statusCode(200);
        }

        @Test
        void answersInvalidClientWhenTheJwksUriIsUnreachable() {
            String unreachable = TestClients.register("{\"client_name\":\"Gone\",\"token_endpoint_auth_method\":"
                            + "\"private_key_jwt\",\"grant_types\":[\"" + EchoGrantHandler.GRANT_TYPE + "\"],"
                            + "\"jwks_uri\":\"https://localhost:1/jwks\"}")
                    .clientId();
            String jwt = sign(
                    FIRST,
                    JWSAlgorithm.ES256,
                    assertion(unreachable, issuer, clock.instant()).build());
            ClientAssertionEndpointTest.token(jwt).then().statusCode(401).body("error", equalTo("invalid_client"));
        }
    }
}
