package dev.countersign.common.http;

import dev.countersign.common.ProblemException;
import java.util.List;

/**
 * The {@code limit} query parameter of the listing endpoints ({@code GET /api/me/requests},
 * {@code /admin/audit}, {@code /admin/deliveries}), read one way everywhere: absent means the
 * endpoint's default; otherwise one plain decimal number of 1 to 3 digits (no sign, no spaces, no
 * exponent or fraction) from 1 to the endpoint's maximum, given once. Anything else is a 400 problem.
 */
public final class QueryLimit {
    private QueryLimit() {}

    /**
     * @param values the parameter's values as the query string gave them, {@code null} when absent
     * @param defaultLimit the limit when the parameter is absent
     * @param max the largest limit accepted, at most 999
     */
    public static int of(List<String> values, int defaultLimit, int max) {
        if (values == null || values.isEmpty()) {
            return defaultLimit;
        }
        if (values.size() == 1 && isDigits(values.get(0))) {
            int limit = Integer.parseInt(values.get(0));
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        }
        throw ProblemException.badRequest("limit must be a whole number from 1 to " + max + ", given once");
    }

    private static boolean isDigits(String value) {
        if (value.isEmpty() || value.length() > 3) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
