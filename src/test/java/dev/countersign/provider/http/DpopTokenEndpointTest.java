package dev.countersign.provider.http;

import static dev.countersign.testing.CibaCalls.CIBA_GRANT;
import static dev.countersign.testing.CibaCalls.FORM;
import static dev.countersign.testing.CibaCalls.asClient;
import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.form;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.CibaCalls.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.nimbusds.jwt.SignedJWT;
import dev.countersign.provider.IndependentVerifier;
import dev.countersign.provider.TestClients;
import dev.countersign.testing.DpopClient;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** DPoP at the token endpoint with the CIBA grant (RFC 9449 §4.3, §5, §5.2, §6.1), over HTTP. */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class DpopTokenEndpointTest {
    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    @Inject
    MutableClock clock;

    @Inject
    TestDatabase db;

    final DpopClient key = DpopClient.es256();
    RegisteredClient client;
    SignedInUser user;

    @BeforeEach
    void setUp() {
        client = Fixtures.client();
        user = Fixtures.signedInUser();
    }

    String htu() {
        return issuer + "/token";
    }

    DpopClient.Proof proof() {
        return key.proof("POST", htu(), clock.instant());
    }

    /** An approved request's auth_req_id, ready to be redeemed. */
    String approved(RegisteredClient owner) {
        String authReqId = start(owner, user.username());
        decide(user, newestPendingId(user), "approve").then().statusCode(204);
        return authReqId;
    }

    static Response poll(RegisteredClient client, String authReqId, UnaryOperator<RequestSpecification> headers) {
        return headers.apply(asClient(client).contentType(FORM))
                .body(form("grant_type", CIBA_GRANT, "auth_req_id", authReqId))
                .post("/token");
    }

    static Response pollWithProof(RegisteredClient client, String authReqId, String proof) {
        return poll(client, authReqId, r -> r.header("DPoP", proof));
    }

    static void assertInvalidDpopProof(Response r) {
        r.then()
                .statusCode(400)
                .contentType(equalTo("application/json"))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("error", equalTo("invalid_dpop_proof"));
    }

    long proofsStored() {
        return db.number("select count(*) from dpop_proofs");
    }

    static Map<String, Object> claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet().toJSONObject();
    }

    @Nested
    @DisplayName("RFC 9449 §5 and §6.1 DPoP-bound access token")
    class Bound {
        @Test
        void validProofGivesADpopTokenWhoseCnfJktIsTheThumbprintNimbusComputes() throws Exception {
            Response r = pollWithProof(client, approved(client), proof().sign());
            r.then().statusCode(200).header("Cache-Control", "no-store").body("token_type", equalTo("DPoP"));
            SignedJWT token = IndependentVerifier.verify(r.path("access_token"));
            assertThat(token.getJWTClaimsSet().getJSONObjectClaim("cnf")).containsEntry("jkt", key.jkt());
        }

        @Test
        void bindsToAnRsaKeyToo() throws Exception {
            DpopClient rsa = DpopClient.ps256();
            Response r = pollWithProof(
                    client,
                    approved(client),
                    rsa.proof("POST", htu(), clock.instant()).sign());
            r.then().statusCode(200).body("token_type", equalTo("DPoP"));
            assertThat(claims(r.path("access_token")).get("cnf")).isEqualTo(Map.of("jkt", rsa.jkt()));
        }

        @Test
        void withoutAProofTheTokenIsABearerTokenWithoutCnf() throws Exception {
            Response r = poll(client, approved(client), UnaryOperator.identity());
            r.then().statusCode(200).body("token_type", equalTo("Bearer"));
            assertThat(claims(r.path("access_token"))).doesNotContainKey("cnf");
        }

        @Test
        void auditsTheBindingWithTheTokenIssued() {
            pollWithProof(client, approved(client), proof().sign()).then().statusCode(200);
            assertThat(db.text(
                            "select detail from audit_events where type = 'token.issued' and client_id = ?",
                            client.clientId()))
                    .contains("\"token_type\":\"DPoP\"")
                    .contains(key.jkt());
        }
    }

    @Nested
    @DisplayName("RFC 9449 §4.3 and §5 invalid_dpop_proof, and nothing changes")
    class Invalid {
        /** The proof is refused, no jti is stored, and the request can still be redeemed once. */
        void assertRefusedAndNothingChanged(String badProof) {
            String authReqId = approved(client);
            long stored = proofsStored();
            assertInvalidDpopProof(pollWithProof(client, authReqId, badProof));
            assertThat(proofsStored()).isEqualTo(stored);
            pollWithProof(client, authReqId, proof().sign())
                    .then()
                    .statusCode(200)
                    .body("token_type", equalTo("DPoP"));
        }

        @Test
        void rejectsAWrongHtu() {
            assertRefusedAndNothingChanged(
                    proof().claim("htu", issuer + "/bc-authorize").sign());
        }

        @Test
        void rejectsAWrongHtm() {
            assertRefusedAndNothingChanged(proof().claim("htm", "GET").sign());
        }

        @Test
        void rejectsAStaleIat() {
            assertRefusedAndNothingChanged(
                    key.proof("POST", htu(), clock.instant().minusSeconds(61)).sign());
        }

        @Test
        void rejectsAnIatInTheFuture() {
            assertRefusedAndNothingChanged(
                    key.proof("POST", htu(), clock.instant().plusSeconds(60)).sign());
        }

        @Test
        void rejectsAlgNone() {
            assertRefusedAndNothingChanged(proof().header("alg", "none").sign());
        }

        @Test
        void rejectsAnHmacAlgorithm() {
            byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
            assertRefusedAndNothingChanged(proof().header("alg", "HS256").signWithHmac(secret));
        }

        @Test
        void rejectsAPrivateKeyInTheHeader() {
            assertRefusedAndNothingChanged(
                    proof().header("jwk", key.key().toJSONObject()).sign());
        }

        @Test
        void rejectsABadSignature() {
            assertRefusedAndNothingChanged(proof().signWithKeyOf(DpopClient.es256()));
        }

        @Test
        void rejectsAnotherTyp() {
            assertRefusedAndNothingChanged(proof().header("typ", "JWT").sign());
        }

        @Test
        void rejectsTwoDpopHeaders() {
            String authReqId = approved(client);
            long stored = proofsStored();
            assertInvalidDpopProof(poll(
                    client, authReqId, r -> r.header("DPoP", proof().sign()).header("DPoP", proof().sign())));
            assertThat(proofsStored()).isEqualTo(stored);
            pollWithProof(client, authReqId, proof().sign()).then().statusCode(200);
        }

        @Test
        void rejectsAnEmptyDpopHeader() {
            assertRefusedAndNothingChanged("");
        }

        @Test
        void auditsTheRefusal() {
            assertInvalidDpopProof(pollWithProof(
                    client, approved(client), proof().claim("htm", "GET").sign()));
            assertThat(db.number(
                            "select count(*) from audit_events where type = 'oauth.error' and client_id = ?"
                                    + " and detail like '%invalid_dpop_proof%'",
                            client.clientId()))
                    .isEqualTo(1);
        }

        @Test
        void doesNotConsumeTheRequestOnAnInvalidProof() {
            String authReqId = approved(client);
            assertInvalidDpopProof(pollWithProof(client, authReqId, "x.y.z"));
            assertThat(db.text("select state from backchannel_requests where client_id = ?", client.clientId()))
                    .isEqualTo("APPROVED");
        }
    }

    @Nested
    @DisplayName("RFC 9449 §11.1 DPoP proof replay")
    class Replay {
        @Test
        void rejectsAProofUsedBefore() {
            String authReqId = start(client, user.username());
            String proof = proof().sign();
            pollWithProof(client, authReqId, proof)
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("authorization_pending"));
            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            clock.advance(Duration.ofSeconds(5));
            assertInvalidDpopProof(pollWithProof(client, authReqId, proof));
        }

        @Test
        void storesOnlyAHashOfTheJti() {
            DpopClient.Proof proof = proof();
            String jti = "jti-" + java.util.UUID.randomUUID();
            pollWithProof(client, approved(client), proof.claim("jti", jti).sign())
                    .then()
                    .statusCode(200);
            assertThat(db.number("select count(*) from dpop_proofs where jti_hash like ?", "%" + jti + "%"))
                    .isZero();
        }
    }

    @Nested
    @DisplayName("RFC 9449 §5.2 dpop_bound_access_tokens")
    class RequiredByTheClient {
        RegisteredClient dpopOnly;

        @BeforeEach
        void register() {
            dpopOnly = Fixtures.client(Map.of("dpop_bound_access_tokens", true));
        }

        @Test
        void rejectsATokenRequestWithoutTheDpopHeader() {
            String authReqId = approved(dpopOnly);
            assertInvalidDpopProof(poll(dpopOnly, authReqId, UnaryOperator.identity()));
            pollWithProof(dpopOnly, authReqId, proof().sign())
                    .then()
                    .statusCode(200)
                    .body("token_type", equalTo("DPoP"));
        }

        @Test
        void registrationAnswersTheMember() {
            TestClients.admin()
                    .get("/admin/clients/" + dpopOnly.clientId())
                    .then()
                    .statusCode(200)
                    .body("dpop_bound_access_tokens", equalTo(true));
        }

        @Test
        void registrationRefusesANonBooleanAndStoresNothing() {
            long clients = db.number("select count(*) from clients");
            TestClients.admin()
                    .contentType("application/json")
                    .body("{\"client_name\":\"Bad\",\"dpop_bound_access_tokens\":\"yes\"}")
                    .post("/admin/clients")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
            assertThat(db.number("select count(*) from clients")).isEqualTo(clients);
        }
    }

    @Nested
    @DisplayName("RFC 9449 §8 nonces are off by default")
    class NoNonces {
        @Test
        void suppliesNoNonce() {
            pollWithProof(client, approved(client), proof().sign())
                    .then()
                    .statusCode(200)
                    .header("DPoP-Nonce", nullValue());
        }
    }
}
