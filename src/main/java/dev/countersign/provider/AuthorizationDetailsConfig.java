package dev.countersign.provider;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's registry of RFC 9396 {@code authorization_details} types
 * ({@code countersign.authorization-details.*}): per type a JSON Schema, a display template and a
 * risk rule. Every registered type is supported (advertised in discovery beside
 * {@code countersign.provider.authorization-details-types}).
 */
@ConfigMapping(prefix = "countersign.authorization-details")
public interface AuthorizationDetailsConfig {
    /** Whether the built-in {@code payment_initiation} type (RFC 9396 §1.1 shape) is registered; an operator type of that name replaces it. */
    @WithDefault("true")
    boolean builtinPaymentInitiation();

    /** The operator's types, keyed by their {@code type} value. */
    Map<String, TypeConfig> types();

    /** One registered type. */
    interface TypeConfig {
        /** The JSON Schema (draft 2020-12) every entry of this type must validate against, inline JSON. */
        Optional<String> schema();

        /** A file holding the JSON Schema, when it is not given inline. */
        Optional<String> schemaFile();

        /** A Qute template turning one entry into a short sentence; without one a generic safe sentence is shown. */
        Optional<String> template();

        /** Whether every request with an entry of this type is high-risk. */
        @WithDefault("false")
        boolean highRisk();

        /** Whether the user must pick the number in the binding message before approving (number matching). */
        @WithDefault("false")
        boolean numberMatching();

        /** The amount rule that makes an entry high-risk. */
        HighRiskWhen highRiskWhen();
    }

    /** An entry is high-risk when its amount exceeds {@code above} (or cannot be read or is in another currency). */
    interface HighRiskWhen {
        /** JSON Pointer (RFC 6901) to the amount, a number or a decimal string, e.g. {@code /instructedAmount/amount}. */
        Optional<String> amountPath();

        /** The amount above which an entry is high-risk. */
        Optional<BigDecimal> above();

        /** JSON Pointer to the ISO 4217 currency code, e.g. {@code /instructedAmount/currency}. */
        Optional<String> currencyPath();

        /** The currency {@code above} is in; an entry in any other currency is high-risk. */
        Optional<String> currency();
    }
}
