package dev.countersign.demo;

import java.math.BigDecimal;

/**
 * A payment the caller asks for, already checked for shape.
 *
 * @param amount the amount, positive, at most two decimals
 * @param currency an ISO 4217 code
 * @param creditor the name of the person paid
 */
public record PaymentOrder(BigDecimal amount, String currency, String creditor) {
    /** The same order as a line for messages: {@code 42.00 EUR to Bob Smith}. */
    public String describe() {
        return amount.toPlainString() + " " + currency + " to " + creditor;
    }
}
