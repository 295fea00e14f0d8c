package dev.countersign.audit;

import dev.countersign.audit.store.AuditEventRepository;
import dev.countersign.common.TimeOrderedIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final AuditSealer sealer;
    private final Clock clock;

    public DatabaseAuditLog(AuditEventRepository events, AuditSealer sealer, Clock clock) {
        this.events = events;
        this.sealer = sealer;
        this.clock = clock;
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public void record(AuditEvent event) {
        events.insert(List.of(AuditEventRepository.NewEvent.unsealed(row(event))));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordSealed(List<AuditEvent> batch) {
        List<AuditEventRepository.EventRow> rows = new ArrayList<>(batch.size());
        batch.forEach(event -> rows.add(row(event)));
        sealer.appendSealed(rows);
    }

    private AuditEventRepository.EventRow row(AuditEvent event) {
        Objects.requireNonNull(event.type(), "an audit event needs a type");
        Objects.requireNonNull(event.outcome(), "an audit event needs an outcome");
        // The database keeps microseconds; the hash must cover exactly what is stored.
        Instant occurredAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return new AuditEventRepository.EventRow(
                TimeOrderedIds.next(occurredAt),
                occurredAt,
                cut(event.type(), 60),
                cut(event.outcome(), 20),
                cut(event.actor(), 200),
                cut(event.clientId(), 64),
                cut(event.userSub(), 64),
                cut(event.subject(), 200),
                DetailJson.write(bounded(event.detail())));
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
