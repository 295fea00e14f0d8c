package dev.countersign.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AtHashTest {
    @Nested
    @DisplayName("OpenID Connect Core 1.0 §3.3.2.11 at_hash")
    class SpecExample {
        @Test
        void reproducesTheAtHashOfTheSpecsExampleIdToken() {
            // OpenID Connect Core 1.0 Appendix A.3: access_token and the at_hash of its ID token.
            assertEquals(
                    "77QmUPtjPfzWtF2AnpK9RQ",
                    JwtTokenIssuer.atHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", SigningAlgorithm.RS256));
        }

        @Test
        void usesTheSameSha256HalfForEs256() {
            assertEquals(
                    JwtTokenIssuer.atHash("token-value", SigningAlgorithm.RS256),
                    JwtTokenIssuer.atHash("token-value", SigningAlgorithm.ES256));
        }
    }
}
