package dev.countersign.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.provider.DpopResourceServer;
import dev.countersign.provider.EchoGrantHandler;
import dev.countersign.provider.IndependentVerifier;
import dev.countersign.provider.TestClients;
import dev.countersign.testing.DpopClient;
import dev.countersign.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * docs/guides/dpop-resource-server.md holds: a resource server with nothing but the JWKS and the
 * proof ({@link DpopResourceServer}, Nimbus only) accepts our DPoP-bound tokens with a proof of the
 * right key and refuses everything else.
 */
@QuarkusTest
class DpopResourceServerEndpointTest {
    static final URI API = URI.create("https://api.example/payments");

    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    @Inject
    MutableClock clock;

    final DpopClient key = DpopClient.es256();
    DpopResourceServer resourceServer;
    String accessToken;

    @BeforeEach
    void obtainABoundToken() throws Exception {
        resourceServer = new DpopResourceServer(IndependentVerifier.publishedKeys(), issuer, issuer);
        accessToken = TestClients.echoClient()
                .tokenRequest()
                .header(
                        "DPoP",
                        key.proof("POST", issuer + "/token", clock.instant()).sign())
                .body("grant_type=" + EchoGrantHandler.GRANT_TYPE + "&sub=alice&scope=payments")
                .post("/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    String resourceProof(DpopClient holder, String token) {
        return holder.proof("GET", API.toString(), clock.instant())
                .claim("ath", DpopClient.ath(token))
                .sign();
    }

    void verify(String authorization, String proof) throws Exception {
        resourceServer.verify(authorization, List.of(proof), "GET", API, clock.instant());
    }

    @Nested
    @DisplayName("RFC 9449 §7.1 a resource server verifies the binding with the JWKS and the proof")
    class Guide {
        @Test
        void acceptsTheTokenWithAProofOfItsKey() throws Exception {
            assertThat(resourceServer
                            .verify(
                                    "DPoP " + accessToken,
                                    List.of(resourceProof(key, accessToken)),
                                    "GET",
                                    API,
                                    clock.instant())
                            .getSubject())
                    .isEqualTo("alice");
        }

        @Test
        void refusesTheTokenPresentedAsABearerToken() {
            assertThatThrownBy(() -> verify("Bearer " + accessToken, resourceProof(key, accessToken)))
                    .hasMessageContaining("DPoP scheme");
        }

        @Test
        void refusesAProofOfAnotherKey() {
            assertThatThrownBy(() -> verify("DPoP " + accessToken, resourceProof(DpopClient.es256(), accessToken)))
                    .hasMessageContaining("not bound");
        }

        @Test
        void refusesAProofForAnotherToken() {
            assertThatThrownBy(() -> verify("DPoP " + accessToken, resourceProof(key, "another-token")))
                    .hasMessageContaining("ath");
        }

        @Test
        void refusesAReplayedProof() throws Exception {
            String proof = resourceProof(key, accessToken);
            verify("DPoP " + accessToken, proof);
            assertThatThrownBy(() -> verify("DPoP " + accessToken, proof)).hasMessageContaining("jti");
        }
    }
}
