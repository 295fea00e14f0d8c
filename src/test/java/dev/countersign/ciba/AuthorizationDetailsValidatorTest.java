package dev.countersign.ciba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import dev.countersign.provider.AuthorizationDetailsTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @Nested
    @DisplayName("RFC 9396 §5 entries of a registered type validate against its schema")
    class Schemas {
        private final AuthorizationDetailsValidator withSchemas =
                new AuthorizationDetailsValidator(new AuthorizationDetailsTypes(
                        Map.of("payment_initiation", AuthorizationDetailsTypes.builtinPaymentInitiation()), List.of()));

        @Test
        void acceptsAValidEntry() {
            assertThat(withSchemas.validate(
                            BackchannelRequestValidatorTest.CLIENT,
                            "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\","
                                    + "\"amount\":\"42.00\"},\"creditorName\":\"Bob Smith\"}]"))
                    .contains("Bob Smith");
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "{\"currency\":\"eur\",\"amount\":\"1.00\"}|currency",
                    "{\"currency\":\"EUR\",\"amount\":\"<script>\"}|amount",
                    "{\"currency\":\"EUR\"}|amount",
                    "{\"currency\":\"EUR\",\"amount\":\"1\",\"extra\":1}|extra",
                    "\"42 EUR\"|instructedAmount"
                })
        void refusesEachViolationNamingTheField(String amount, String field) {
            String details = "[{\"type\":\"payment_initiation\",\"instructedAmount\":" + amount + "}]";
            assertThatThrownBy(() -> withSchemas.validate(BackchannelRequestValidatorTest.CLIENT, details))
                    .isInstanceOfSatisfying(OAuthException.class, e -> {
                        assertThat(e.error()).isEqualTo(OAuthError.INVALID_AUTHORIZATION_DETAILS);
                        assertThat(e.getMessage()).contains(field).doesNotContain("<script>");
                    });
        }
    }
}
