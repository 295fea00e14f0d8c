package dev.countersign.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One registered RFC 9396 {@code authorization_details} type: the schema its entries must satisfy
 * (§5: otherwise {@code invalid_authorization_details}), the template that says it in a sentence,
 * and whether an entry is high-risk.
 *
 * @param template a Qute template, empty for the generic sentence
 * @param numberMatching whether requests carrying this type need number matching
 */
public record AuthorizationDetailsType(
        String name,
        Schema schema,
        Optional<String> template,
        boolean highRisk,
        Optional<AmountRule> highRiskWhen,
        boolean numberMatching) {

    /** Why the entry does not validate, naming the failing field (never its value); empty when it does. */
    public Optional<String> violation(JsonNode entry) {
        List<Error> errors = schema.validate(entry);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        Error first = errors.get(0);
        String where = first.getInstanceLocation().toString();
        String property = first.getProperty() == null ? "" : " (" + first.getProperty() + ")";
        return Optional.of(where + " fails the " + first.getKeyword() + " rule of the " + name + " schema" + property);
    }

    /** Whether this entry makes its request high-risk: the type is, or its amount rule says so. */
    public boolean isHighRisk(JsonNode entry) {
        return highRisk || highRiskWhen.map(rule -> rule.isHighRisk(entry)).orElse(false);
    }

    /**
     * "Amount above N (in currency C)". Fails safe: an entry whose amount is missing or unreadable,
     * or in another currency than {@code currency}, is high-risk.
     */
    public record AmountRule(
            String amountPath, BigDecimal above, Optional<String> currencyPath, Optional<String> currency) {
        boolean isHighRisk(JsonNode entry) {
            JsonNode amount = entry.at(amountPath);
            BigDecimal value;
            try {
                value = amount.isNumber() ? amount.decimalValue() : new BigDecimal(amount.asText(""));
            } catch (NumberFormatException e) {
                return true;
            }
            if (currency.isPresent()) {
                String actual = entry.at(currencyPath.orElse("/currency")).asText("");
                if (!currency.get().equals(actual)) {
                    return true;
                }
            }
            return value.compareTo(above) > 0;
        }
    }
}
