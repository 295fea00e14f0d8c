package dev.countersign.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import dev.countersign.testing.DpopClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 9449 §4.3 checks on the validator alone; DpopTokenEndpointTest proves them over HTTP. */
class DpopProofValidatorTest {
    static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");
    static final String HTU = "https://as.example.com/token";
    static final DpopClient CLIENT = DpopClient.es256();

    final DpopProofValidator validator = new DpopProofValidator(
            EnumSet.allOf(DpopAlgorithm.class),
            Duration.ofMinutes(1),
            Duration.ofSeconds(5),
            Clock.fixed(NOW, ZoneOffset.UTC));

    DpopProof validate(String proof) {
        return validator.validate(List.of(proof), "POST", HTU, Optional.empty());
    }

    static DpopClient.Proof proof() {
        return CLIENT.proof("POST", HTU, NOW);
    }

    static void assertInvalid(Runnable check, String descriptionPart) {
        assertThatThrownBy(check::run)
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.error()).isEqualTo(OAuthError.INVALID_DPOP_PROOF);
                    assertThat(e.status()).isEqualTo(400);
                })
                .hasMessageContaining(descriptionPart);
    }

    @Nested
    @DisplayName("RFC 9449 §4.3 a valid proof")
    class Valid {
        @Test
        void acceptsAnEs256ProofAndAnswersTheThumbprintNimbusComputes() {
            DpopProof proof = validate(proof().sign());
            assertThat(proof.jkt()).isEqualTo(CLIENT.jkt());
            assertThat(proof.iat()).isEqualTo(NOW);
        }

        @Test
        void acceptsAPs256Proof() {
            DpopClient rsa = DpopClient.ps256();
            assertThat(validate(rsa.proof("POST", HTU, NOW).sign()).jkt()).isEqualTo(rsa.jkt());
        }

        @Test
        void acceptsTheSpecsTypInAnyCaseAndWithTheApplicationPrefix() {
            validate(proof().header("typ", "DPoP+JWT").sign());
            validate(proof().header("typ", "application/dpop+jwt").sign());
        }

        @Test
        void ignoresTheQueryAndFragmentOfHtu() {
            validate(proof().claim("htu", HTU + "?x=1#f").sign());
        }

        @Test
        void comparesHtuAfterSyntaxAndSchemeBasedNormalisation() {
            validate(
                    proof().claim("htu", "HTTPS://AS.Example.COM:443/./%74oken").sign());
        }
    }

    @Nested
    @DisplayName("RFC 9449 §4.3 checks 1 and 2: one header, one well-formed JWT")
    class Header {
        @Test
        void rejectsTwoDpopHeaders() {
            String one = proof().sign();
            assertInvalid(
                    () -> validator.validate(List.of(one, proof().sign()), "POST", HTU, Optional.empty()),
                    "exactly one DPoP header");
        }

        @Test
        void rejectsTwoProofsJoinedWithACommaIntoOneHeader() {
            assertInvalid(() -> validate(proof().sign() + ", " + proof().sign()), "compact JWS");
        }

        @Test
        void rejectsAValueThatIsNotAJwt() {
            assertInvalid(() -> validate("not-a-jwt"), "compact JWS");
            assertInvalid(() -> validate("bm90LWpzb24.e30.e30"), "well-formed");
        }

        @Test
        void rejectsAnOversizedValue() {
            assertInvalid(() -> validate("a".repeat(9000) + ".b.c"), "compact JWS");
        }
    }

    @Nested
    @DisplayName("RFC 9449 §4.3 checks 3 to 7: claims, typ, alg, signature, public key")
    class Jws {
        @Test
        void rejectsAProofWithoutTheDpopTyp() {
            assertInvalid(() -> validate(proof().header("typ", "JWT").sign()), "typ");
            assertInvalid(() -> validate(proof().withoutHeader("typ").sign()), "typ");
        }

        @Test
        void rejectsAlgNone() {
            assertInvalid(() -> validate(proof().header("alg", "none").sign()), "alg");
        }

        @Test
        void rejectsAnHmacAlgorithm() {
            byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
            assertInvalid(() -> validate(proof().header("alg", "HS256").signWithHmac(secret)), "alg");
        }

        @Test
        void rejectsAnAlgorithmOutsideTheConfiguredList() {
            DpopProofValidator onlyPs256 = new DpopProofValidator(
                    EnumSet.of(DpopAlgorithm.PS256),
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(5),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            assertInvalid(() -> onlyPs256.validate(List.of(proof().sign()), "POST", HTU, Optional.empty()), "alg");
        }

        @Test
        void rejectsAProofWithoutAJwk() {
            assertInvalid(() -> validate(proof().withoutHeader("jwk").sign()), "jwk");
        }

        @Test
        void rejectsAPrivateKeyInTheJwkHeader() {
            assertInvalid(
                    () -> validate(
                            proof().header("jwk", CLIENT.key().toJSONObject()).sign()),
                    "private key");
        }

        @Test
        void rejectsASymmetricKeyInTheJwkHeader() {
            assertInvalid(
                    () -> validate(proof().header("jwk", java.util.Map.of("kty", "oct", "k", "c2VjcmV0"))
                            .sign()),
                    "private key");
        }

        @Test
        void rejectsASignatureByAnotherKey() {
            assertInvalid(() -> validate(proof().signWithKeyOf(DpopClient.es256())), "signature");
        }

        @Test
        void rejectsAProofMissingARequiredClaim() {
            for (String claim : List.of("jti", "htm", "htu")) {
                assertInvalid(() -> validate(proof().withoutClaim(claim).sign()), claim);
            }
            assertInvalid(() -> validate(proof().withoutClaim("iat").sign()), "iat");
        }

        @Test
        void rejectsAnOversizedJti() {
            assertInvalid(() -> validate(proof().claim("jti", "j".repeat(257)).sign()), "jti");
        }
    }

    @Nested
    @DisplayName("RFC 9449 §4.3 checks 8, 9 and 11: htm, htu, iat")
    class Request {
        @Test
        void rejectsAnotherMethod() {
            assertInvalid(() -> validate(proof().claim("htm", "GET").sign()), "htm");
            assertInvalid(() -> validate(proof().claim("htm", "post").sign()), "htm");
        }

        @Test
        void rejectsAnotherUri() {
            assertInvalid(
                    () -> validate(proof().claim("htu", "https://as.example.com/bc-authorize")
                            .sign()),
                    "htu");
            assertInvalid(
                    () -> validate(proof().claim("htu", "https://evil.example.com/token")
                            .sign()),
                    "htu");
            assertInvalid(
                    () -> validate(
                            proof().claim("htu", "http://as.example.com/token").sign()),
                    "htu");
            assertInvalid(() -> validate(proof().claim("htu", "/token").sign()), "htu");
        }

        @Test
        void rejectsAStaleIat() {
            DpopClient.Proof stale = CLIENT.proof("POST", HTU, NOW.minusSeconds(61));
            assertInvalid(() -> validate(stale.sign()), "iat");
        }

        @Test
        void acceptsAnIatAtTheEdgesOfTheWindow() {
            validate(CLIENT.proof("POST", HTU, NOW.minusSeconds(60)).sign());
            validate(CLIENT.proof("POST", HTU, NOW.plusSeconds(5)).sign());
        }

        @Test
        void rejectsAnIatTooFarInTheFuture() {
            assertInvalid(
                    () -> validate(CLIENT.proof("POST", HTU, NOW.plusSeconds(6)).sign()), "iat");
        }

        @Test
        void rejectsANonNumericIat() {
            assertInvalid(() -> validate(proof().claim("iat", "now").sign()), "iat");
        }
    }

    @Nested
    @DisplayName("RFC 9449 §4.3 check 12: ath at a protected resource")
    class AccessTokenHash {
        static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.e30.sig";

        @Test
        void acceptsAProofCarryingTheHashOfTheAccessToken() {
            String proof = proof().claim("ath", DpopClient.ath(TOKEN)).sign();
            validator.validate(List.of(proof), "POST", HTU, Optional.of(TOKEN));
        }

        @Test
        void rejectsAProofWithoutAth() {
            assertInvalid(() -> validator.validate(List.of(proof().sign()), "POST", HTU, Optional.of(TOKEN)), "ath");
        }

        @Test
        void rejectsAProofForAnotherAccessToken() {
            String proof = proof().claim("ath", DpopClient.ath("another")).sign();
            assertInvalid(() -> validator.validate(List.of(proof), "POST", HTU, Optional.of(TOKEN)), "ath");
        }

        @Test
        void computesAthAsTheSpecExampleDoes() {
            // RFC 9449 Figure 13/14: the access token and the ath of its proof.
            assertThat(DpopProofValidator.accessTokenHash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"))
                    .isEqualTo("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
        }
    }
}
