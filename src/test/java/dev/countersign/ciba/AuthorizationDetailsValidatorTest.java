package dev.countersign.ciba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RFC 9396 §2 and §5 authorization_details")
class AuthorizationDetailsValidatorTest {
    private final AuthorizationDetailsValidator validator = new AuthorizationDetailsValidator();

    @Test
    void acceptsTheRfcExampleOfAPaymentInitiation() {
        String example = """
                [{"type":"payment_initiation","locations":["https://example.com/payments"],
                  "instructedAmount":{"currency":"EUR","amount":"123.50"},
                  "creditorName":"Merchant A","creditorAccount":{"iban":"DE02100100109307118603"},
                  "remittanceInformationUnstructured":"Ref Number Merchant"}]""";
        String normalised = validator.validate(BackchannelRequestValidatorTest.CLIENT, example);
        assertThat(normalised).startsWith("[{\"type\":\"payment_initiation\"").doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "{\"type\":\"payment_initiation\"}",
                "[]",
                "[1]",
                "[{\"actions\":[\"read\"]}]",
                "[{\"type\":42}]",
                "[{\"type\":\"account_information\"}]",
                "[{\"type\":\"payment_initiation\",\"locations\":\"https://x\"}]",
                "[{\"type\":\"payment_initiation\",\"actions\":[1]}]",
                "[{\"type\":\"payment_initiation\",\"identifier\":{}}]",
                "[{\"type\":\"payment_initiation\",\"type\":\"payment_initiation\"}]",
                "[{\"type\":\"payment_initiation\"}] trailing",
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
            })
    void refusesAnythingElseWithInvalidAuthorizationDetails(String value) {
        assertThatThrownBy(() -> validator.validate(BackchannelRequestValidatorTest.CLIENT, value))
                .isInstanceOfSatisfying(
                        OAuthException.class,
                        e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_AUTHORIZATION_DETAILS));
    }
}
