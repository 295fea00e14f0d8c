package dev.countersign.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import dev.countersign.provider.EchoGrantHandler;
import dev.countersign.provider.TestClients;
import dev.countersign.testing.DpopClient;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Server-provided nonces at the token endpoint (RFC 9449 §8, §8.2, §11.3), with nonces required. */
@QuarkusTest
@TestProfile(DpopNonceEndpointTest.NoncesRequired.class)
class DpopNonceEndpointTest {
    /** countersign.dpop.nonce-required=true. */
    public static class NoncesRequired implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("countersign.dpop.nonce-required", "true");
        }
    }

    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    @Inject
    MutableClock clock;

    @Inject
    TestDatabase db;

    final DpopClient key = DpopClient.es256();
    TestClients.Registered client;

    @BeforeEach
    void setUp() {
        client = TestClients.echoClient();
    }

    Response token(String proof) {
        return client.tokenRequest()
                .header("DPoP", proof)
                .body("grant_type=" + EchoGrantHandler.GRANT_TYPE + "&sub=alice")
                .post("/token");
    }

    DpopClient.Proof proof() {
        return key.proof("POST", issuer + "/token", clock.instant());
    }

    static String useDpopNonce(Response r) {
        r.then()
                .statusCode(400)
                .header("Cache-Control", "no-store")
                .body("error", equalTo("use_dpop_nonce"))
                .header("DPoP-Nonce", matchesPattern("[A-Za-z0-9_-]+"));
        assertThat(r.headers().getValues("DPoP-Nonce")).hasSize(1);
        return r.header("DPoP-Nonce");
    }

    @Nested
    @DisplayName("RFC 9449 §8 Authorization Server-Provided Nonce")
    class Flow {
        @Test
        void answersUseDpopNonceToAProofWithoutANonceAndStoresNothing() {
            long stored = db.number("select count(*) from dpop_proofs");
            useDpopNonce(token(proof().sign()));
            assertThat(db.number("select count(*) from dpop_proofs")).isEqualTo(stored);
        }

        @Test
        void acceptsTheRetryCarryingTheSuppliedNonceAndSuppliesTheNextOne() {
            String nonce = useDpopNonce(token(proof().sign()));
            token(proof().claim("nonce", nonce).sign())
                    .then()
                    .statusCode(200)
                    .body("token_type", equalTo("DPoP"))
                    .header("DPoP-Nonce", notNullValue());
        }

        @Test
        void refusesANonceItDidNotSupply() {
            useDpopNonce(token(proof().claim("nonce", "made-up-nonce").sign()));
        }

        @Test
        void refusesANonceOlderThanTwoWindows() {
            String nonce = useDpopNonce(token(proof().sign()));
            clock.advance(Duration.ofMinutes(2));
            useDpopNonce(token(proof().claim("nonce", nonce).sign()));
        }

        @Test
        void suppliesAFreshNonceWithAnInvalidDpopProof() {
            token(proof().claim("htm", "GET").sign())
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_dpop_proof"))
                    .header("DPoP-Nonce", notNullValue());
        }
    }

    @Nested
    @DisplayName("RFC 9449 §5.1 discovery with nonces on")
    class Metadata {
        @Test
        void stillAdvertisesTheAlgorithms() {
            TestClients.admin()
                    .get("/.well-known/openid-configuration")
                    .then()
                    .statusCode(200)
                    .body("dpop_signing_alg_values_supported[0]", equalTo("ES256"));
        }
    }
}
