package dev.countersign.audit;

import dev.countersign.audit.store.AuditEventEntity;
import dev.countersign.audit.store.AuditEventRepository;
import dev.countersign.common.TimeOrderedIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link AuditLog} backed by {@code audit_events}. An event is inserted unsealed in the
 * caller's transaction, so it exists if and only if the change it describes does; the
 * {@link AuditSealer} then links it into the hash chain. Values longer than their column are cut
 * rather than failing the caller's change.
 */
@ApplicationScoped
public class DatabaseAuditLog implements AuditLog {
    private static final int MAX_DETAIL_ENTRIES = 32;
    private static final int MAX_DETAIL_KEY = 64;
    private static final int MAX_DETAIL_VALUE = 1000;

    private final AuditEventRepository events;
    private final Clock clock;

    public DatabaseAuditLog(AuditEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public void record(AuditEvent event) {
        Objects.requireNonNull(event.type(), "an audit event needs a type");
        Objects.requireNonNull(event.outcome(), "an audit event needs an outcome");
        AuditEventEntity row = new AuditEventEntity();
        // The database keeps microseconds; the hash must cover exactly what is stored.
        row.occurredAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        row.id = TimeOrderedIds.next(row.occurredAt);
        row.type = cut(event.type(), 60);
        row.outcome = cut(event.outcome(), 20);
        row.actor = cut(event.actor(), 200);
        row.clientId = cut(event.clientId(), 64);
        row.userSub = cut(event.userSub(), 64);
        row.subject = cut(event.subject(), 200);
        row.detail = DetailJson.write(bounded(event.detail()));
        events.persist(row);
    }

    private static Map<String, String> bounded(Map<String, String> detail) {
        Map<String, String> out = new LinkedHashMap<>();
        if (detail == null) {
            return out;
        }
        detail.forEach((k, v) -> {
            if (k != null && v != null && out.size() < MAX_DETAIL_ENTRIES) {
                out.put(cut(k, MAX_DETAIL_KEY), cut(v, MAX_DETAIL_VALUE));
            }
        });
        return out;
    }

    private static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }
}
