package dev.countersign.demo;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Whether a payment lies within what the user approved: the token's {@code authorization_details}
 * (RFC 9396 §2) must hold a {@code payment_initiation} entry, in the shape of RFC 9396 §1.1's
 * example ({@code instructedAmount {currency, amount}}, {@code creditorName}), for the same
 * currency and creditor and an amount no smaller than the one asked for.
 */
public final class PaymentAuthorization {
    static final String TYPE = "payment_initiation";

    private PaymentAuthorization() {}

    /** Empty when the order is covered; otherwise why not, for the caller. */
    public static Optional<String> refusal(PaymentOrder order, Optional<JsonArray> details) {
        if (details.isEmpty()) {
            return Optional.of("the token carries no authorization_details of type " + TYPE);
        }
        boolean anyPayment = false;
        for (JsonValue value : details.get()) {
            if (value instanceof JsonObject detail && TYPE.equals(text(detail, "type"))) {
                anyPayment = true;
                if (covers(detail, order)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(
                anyPayment
                        ? "the approved payment_initiation does not cover " + order.describe()
                        : "the token carries no authorization_details of type " + TYPE);
    }

    private static boolean covers(JsonObject detail, PaymentOrder order) {
        if (!(detail.get("instructedAmount") instanceof JsonObject instructed)) {
            return false;
        }
        Optional<BigDecimal> approved = amount(instructed.get("amount"));
        return order.currency().equals(text(instructed, "currency"))
                && order.creditor().equals(text(detail, "creditorName"))
                && approved.isPresent()
                && order.amount().compareTo(approved.get()) <= 0;
    }

    /** RFC 9396 §1.1 writes the amount as a string ("123.50"); a JSON number is accepted too. */
    private static Optional<BigDecimal> amount(JsonValue value) {
        try {
            if (value instanceof JsonString s) {
                return Optional.of(new BigDecimal(s.getString()));
            }
            if (value instanceof jakarta.json.JsonNumber n) {
                return Optional.of(n.bigDecimalValue());
            }
        } catch (NumberFormatException notAnAmount) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String text(JsonObject object, String name) {
        return object.get(name) instanceof JsonString s ? s.getString() : null;
    }
}
