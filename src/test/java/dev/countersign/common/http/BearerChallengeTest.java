package dev.countersign.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.common.OAuthError;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {
    @Nested
    @DisplayName("RFC 6750 §3 The WWW-Authenticate Response Header Field")
    class Challenge {
        @Test
        void namesTheErrorAndItsDescriptionAsQuotedParameters() {
            assertThat(BearerChallenge.of(OAuthError.INVALID_TOKEN, "the access token expired"))
                    .isEqualTo("Bearer realm=\"countersign\", error=\"invalid_token\","
                            + " error_description=\"the access token expired\"");
        }

        @Test
        void replacesCharactersOutsideTheErrorDescriptionSyntax() {
            assertThat(BearerChallenge.of(OAuthError.INSUFFICIENT_SCOPE, "a \"quoted\" \\ é\nline"))
                    .endsWith("error_description=\"a  quoted      line\"");
        }

        @Test
        void omitsAnEmptyDescription() {
            assertThat(BearerChallenge.of(OAuthError.INVALID_TOKEN, ""))
                    .isEqualTo("Bearer realm=\"countersign\", error=\"invalid_token\"");
        }
    }
}
