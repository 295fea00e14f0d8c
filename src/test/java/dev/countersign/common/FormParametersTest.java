package dev.countersign.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FormParametersTest {

    private static FormParameters parse(String body) {
        return FormParameters.parse(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertInvalidRequest(String body, String descriptionPart) {
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(OAuthException.class, e -> {
            assertThat(e.error()).isEqualTo(OAuthError.INVALID_REQUEST);
            assertThat(e.description()).contains(descriptionPart);
        });
    }

    @Nested
    @DisplayName("RFC 8707 §2 the resource parameter may repeat")
    class Rfc8707Section2 {
        @Test
        void keepsEveryResourceParameterInOrder() {
            FormParameters p = parse("grant_type=client_credentials&resource=https%3A%2F%2Fa.example%2F"
                    + "&resource=https%3A%2F%2Fb.example%2F");
            assertThat(p.resources()).containsExactly("https://a.example/", "https://b.example/");
        }

        @Test
        void keepsAnEmptyResourceSoThatItCanBeRefused() {
            assertThat(parse("resource=").resources()).containsExactly("");
        }

        @Test
        void stillRejectsOtherRepeatedParameters() {
            assertInvalidRequest("resource=https%3A%2F%2Fa.example%2F&scope=a&scope=b", "scope is repeated");
        }
    }

    @Nested
    @DisplayName("RFC 6749 §3.1 request parameters")
    class Rfc6749Section31 {
        @Test
        void rejectsAParameterIncludedMoreThanOnce() {
            assertInvalidRequest("scope=openid&login_hint=a&scope=openid", "scope is repeated");
        }

        @Test
        void treatsAParameterSentWithoutAValueAsOmitted() {
            FormParameters p = parse("scope=&login_hint=alice&binding_message");
            assertThat(p.has("scope")).isFalse();
            assertThat(p.has("binding_message")).isFalse();
            assertThat(p.get("login_hint")).contains("alice");
        }

        @Test
        void rejectsARepeatedParameterEvenWhenOneCopyIsEmpty() {
            assertInvalidRequest("scope=&scope=openid", "repeated");
        }
    }

    @Nested
    @DisplayName("application/x-www-form-urlencoded decoding")
    class Decoding {
        @Test
        void decodesPlusAsSpaceAndPercentEncodedUtf8() {
            FormParameters p = parse("binding_message=Pay+%E2%82%AC42+to+%D0%91%D0%BE%D0%B1");
            assertThat(p.get("binding_message")).contains("Pay €42 to Боб");
        }

        @Test
        void rejectsATruncatedPercentEncoding() {
            assertInvalidRequest("scope=openid%2", "percent-encoding");
        }

        @Test
        void rejectsANonHexPercentEncoding() {
            assertInvalidRequest("scope=openid%zz", "percent-encoding");
        }

        @Test
        void rejectsBytesThatAreNotUtf8() {
            assertInvalidRequest("login_hint=%C3%28", "UTF-8");
        }

        @Test
        void rejectsABodyLargerThanTheLimit() {
            byte[] huge = ("binding_message=" + "a".repeat(1024 * 1024)).getBytes(StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> FormParameters.parse(huge))
                    .isInstanceOfSatisfying(
                            OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_REQUEST));
        }

        @Test
        void acceptsAnEmptyBodyAsNoParameters() {
            assertThat(FormParameters.parse(new byte[0]).asMap()).isEmpty();
        }
    }
}
