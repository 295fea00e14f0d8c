package dev.countersign.demo;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PaymentAuthorizationTest {
    private static final PaymentOrder BOB = new PaymentOrder(new BigDecimal("42.00"), "EUR", "Bob Smith");

    private static Optional<JsonArray> details(String json) {
        return Optional.of(Json.createReader(new StringReader(json)).readArray());
    }

    @Nested
    @DisplayName("RFC 9396 §1.1 payment_initiation: the order must lie within it")
    class Covered {
        @Test
        void coversTheSameOrderWithTheAmountAsAString() {
            assertThat(PaymentAuthorization.refusal(
                            BOB,
                            details("[{\"type\":\"payment_initiation\",\"instructedAmount\":"
                                    + "{\"currency\":\"EUR\",\"amount\":\"42.00\"},\"creditorName\":\"Bob Smith\"}]")))
                    .isEmpty();
        }

        @Test
        void coversASmallerAmountWrittenAsANumber() {
            PaymentOrder less = new PaymentOrder(new BigDecimal("5"), "EUR", "Bob Smith");
            assertThat(PaymentAuthorization.refusal(
                            less,
                            details("[{\"type\":\"payment_initiation\",\"instructedAmount\":"
                                    + "{\"currency\":\"EUR\",\"amount\":42},\"creditorName\":\"Bob Smith\"}]")))
                    .isEmpty();
        }

        @Test
        void looksAtEveryEntryNotOnlyTheFirst() {
            assertThat(PaymentAuthorization.refusal(
                            BOB,
                            details("[{\"type\":\"account_information\"},{\"type\":\"payment_initiation\","
                                    + "\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"10\"},"
                                    + "\"creditorName\":\"Bob Smith\"},{\"type\":\"payment_initiation\","
                                    + "\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"50\"},"
                                    + "\"creditorName\":\"Bob Smith\"}]")))
                    .isEmpty();
        }
    }

    @Nested
    @DisplayName("RFC 9396 §1.1 payment_initiation: anything else is refused with the reason")
    class Refused {
        @Test
        void refusesWithoutDetails() {
            assertThat(PaymentAuthorization.refusal(BOB, Optional.empty()))
                    .contains("the token carries no authorization_details of type payment_initiation");
        }

        @Test
        void refusesOtherTypesOnly() {
            assertThat(PaymentAuthorization.refusal(BOB, details("[{\"type\":\"account_information\"}]")))
                    .contains("the token carries no authorization_details of type payment_initiation");
        }

        @Test
        void refusesAMalformedEntry() {
            assertThat(PaymentAuthorization.refusal(
                            BOB,
                            details("[{\"type\":\"payment_initiation\",\"instructedAmount\":"
                                    + "{\"currency\":\"EUR\",\"amount\":\"lots\"},\"creditorName\":\"Bob Smith\"}]")))
                    .contains("the approved payment_initiation does not cover 42.00 EUR to Bob Smith");
        }
    }
}
