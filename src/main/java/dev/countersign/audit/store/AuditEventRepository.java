package dev.countersign.audit.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/** The {@code audit_events} table. Rows are inserted, sealed once, and never changed again. */
@ApplicationScoped
public class AuditEventRepository implements PanacheRepositoryBase<AuditEventEntity, String> {

    /** Unsealed events in the order they will be sealed: {@code (occurred_at, recorded_seq)}. */
    public List<AuditEventEntity> unsealed(int limit) {
        return find("chainSeq is null", Sort.by("occurredAt").and("recordedSeq"))
                .page(0, limit)
                .list();
    }

    /** One event's place in the chain, as {@link #seal} writes it. */
    public record Seal(String id, long seq, String prevHash, String hash) {}

    /**
     * Seals the events in one JDBC batch of conditional updates ({@code ... and chain_seq is null});
     * false if any of them was already sealed. A batch of prepared statements instead of one
     * query translation per row: sealing is on the path of every audited request.
     */
    public boolean seal(List<Seal> seals) {
        if (seals.isEmpty()) {
            return true;
        }
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update audit_events set chain_seq = ?, prev_hash = ?, hash = ? where id = ? and chain_seq is null")) {
                for (Seal seal : seals) {
                    update.setLong(1, seal.seq());
                    update.setString(2, seal.prevHash());
                    update.setString(3, seal.hash());
                    update.setString(4, seal.id());
                    update.addBatch();
                }
                return Arrays.stream(update.executeBatch()).allMatch(count -> count == 1);
            }
        });
    }

    /** Sealed events after {@code afterSeq} up to {@code untilSeq}, in chain order. */
    public List<AuditEventEntity> sealedBetween(long afterSeq, long untilSeq, int limit) {
        return find("chainSeq > ?1 and chainSeq <= ?2", Sort.by("chainSeq"), afterSeq, untilSeq)
                .page(0, limit)
                .list();
    }

    /** Sealed events matching the filters (absent ones match all), in chain order after {@code afterSeq}. */
    public List<AuditEventEntity> search(Filter filter, int limit) {
        StringBuilder query = new StringBuilder("chainSeq > :after");
        Parameters parameters = Parameters.with("after", filter.afterSeq());
        filter.type().ifPresent(v -> add(query, parameters, "type", "=", v));
        filter.clientId().ifPresent(v -> add(query, parameters, "clientId", "=", v));
        filter.userSub().ifPresent(v -> add(query, parameters, "userSub", "=", v));
        filter.outcome().ifPresent(v -> add(query, parameters, "outcome", "=", v));
        filter.since().ifPresent(v -> add(query, parameters, "occurredAt", ">=", v));
        filter.until().ifPresent(v -> add(query, parameters, "occurredAt", "<", v));
        return find(query.toString(), Sort.by("chainSeq"), parameters)
                .page(0, limit)
                .list();
    }

    private static void add(StringBuilder query, Parameters parameters, String field, String op, Object value) {
        String name = "p" + parameters.map().size();
        query.append(" and ").append(field).append(' ').append(op).append(" :").append(name);
        parameters.and(name, value);
    }

    /** What {@link #search} filters on; {@code since} is inclusive and {@code until} exclusive. */
    public record Filter(
            Optional<String> type,
            Optional<String> clientId,
            Optional<String> userSub,
            Optional<String> outcome,
            Optional<Instant> since,
            Optional<Instant> until,
            long afterSeq) {}
}
