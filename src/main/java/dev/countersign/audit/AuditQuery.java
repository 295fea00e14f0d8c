package dev.countersign.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * A search of the sealed audit trail. Absent filters match everything.
 *
 * @param since events at or after this instant
 * @param until events before this instant
 * @param afterSeq events after this chain position (0 for the start), for paging
 * @param limit at most this many events (1 to {@link #MAX_LIMIT})
 */
public record AuditQuery(
        Optional<String> type,
        Optional<String> clientId,
        Optional<String> userSub,
        Optional<String> outcome,
        Optional<Instant> since,
        Optional<Instant> until,
        long afterSeq,
        int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (afterSeq < 0) {
            throw new IllegalArgumentException("after must not be negative");
        }
    }
}
