package dev.countersign.admin.http;

import dev.countersign.audit.AuditQuery;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.QueryLimit;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the query string of {@code GET /admin/audit} into an {@link AuditQuery}: only the known
 * filters, each at most once, instants in ISO-8601 with an offset, {@code after} a chain position
 * and {@code limit} 1 to 500. Anything else is a 400 problem naming the parameter.
 */
final class AuditQueryParameters {
    static final Set<String> NAMES =
            Set.of("type", "client_id", "user_sub", "outcome", "since", "until", "after", "limit");
    private static final int MAX_VALUE_LENGTH = 200;

    private AuditQueryParameters() {}

    static AuditQuery parse(MultivaluedMap<String, String> query) {
        for (String name : query.keySet()) {
            if (!NAMES.contains(name)) {
                throw ProblemException.badRequest("unknown query parameter; expected one of " + NAMES);
            }
        }
        Optional<Instant> since = single(query, "since").map(v -> instant("since", v));
        Optional<Instant> until = single(query, "until").map(v -> instant("until", v));
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw ProblemException.badRequest("since must be before until");
        }
        long after = single(query, "after")
                .map(v -> number("after", v, 0, Long.MAX_VALUE))
                .orElse(0L);
        int limit = QueryLimit.of(query.get("limit"), AuditQuery.DEFAULT_LIMIT, AuditQuery.MAX_LIMIT);
        return new AuditQuery(
                single(query, "type"),
                single(query, "client_id"),
                single(query, "user_sub"),
                single(query, "outcome"),
                since,
                until,
                after,
                limit);
    }

    private static Optional<String> single(MultivaluedMap<String, String> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ProblemException.badRequest(name + " must not be repeated");
        }
        String value = values.get(0);
        if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
            throw ProblemException.badRequest(name + " must be 1 to " + MAX_VALUE_LENGTH + " characters");
        }
        return Optional.of(value);
    }

    private static Instant instant(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(
                    name + " must be an ISO-8601 date-time with offset, e.g. 2026-01-31T12:00:00Z");
        }
    }

    private static long number(String name, String value, long min, long max) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(name + " must be a whole number from " + min + " to " + max);
    }
}
