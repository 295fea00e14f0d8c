package dev.countersign.audit.store;

import dev.countersign.common.H2GroupCommit;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/** The {@code audit_events} table. Rows are inserted, sealed once, and never changed again. */
@ApplicationScoped
public class AuditEventRepository implements PanacheRepositoryBase<AuditEventEntity, String> {
    private static final String INSERT = "insert into audit_events (id, occurred_at, type, outcome, actor,"
            + " client_id, user_sub, subject, detail, chain_seq, prev_hash, hash)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final H2GroupCommit groupCommit;

    AuditEventRepository(H2GroupCommit groupCommit) {
        this.groupCommit = groupCommit;
    }

    /** An event's stored fields, its place in the chain aside: what its link in the chain covers. */
    public record EventRow(
            String id,
            Instant occurredAt,
            String type,
            String outcome,
            String actor,
            String clientId,
            String userSub,
            String subject,
            String detail) {}

    /** A row as {@link #insert} writes it: unsealed when its chain fields are null. */
    public record NewEvent(EventRow event, Long chainSeq, String prevHash, String hash) {
        public static NewEvent unsealed(EventRow event) {
            return new NewEvent(event, null, null, null);
        }
    }

    /**
     * Inserts the rows in one JDBC batch on the current transaction's connection. Plain statements
     * rather than entities: an audit event is written once and never read back in the transaction
     * that writes it, so Hibernate's action queue and flush would be pure cost on every audited
     * request. The transaction's commit still waits for the database file ({@link H2GroupCommit}).
     */
    public void insert(List<NewEvent> rows) {
        if (rows.isEmpty()) {
            return;
        }
        groupCommit.statementSent(INSERT);
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (NewEvent row : rows) {
                    EventRow event = row.event();
                    insert.setString(1, event.id());
                    insert.setObject(2, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
                    insert.setString(3, event.type());
                    insert.setString(4, event.outcome());
                    insert.setString(5, event.actor());
                    insert.setString(6, event.clientId());
                    insert.setString(7, event.userSub());
                    insert.setString(8, event.subject());
                    insert.setString(9, event.detail());
                    if (row.chainSeq() == null) {
                        insert.setNull(10, Types.BIGINT);
                    } else {
                        insert.setLong(10, row.chainSeq());
                    }
                    insert.setString(11, row.prevHash());
                    insert.setString(12, row.hash());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /**
     * Unsealed events in the order they will be sealed, {@code (occurred_at, recorded_seq)}: one
     * prepared statement on the {@code audit_events_unsealed} index, read as values rather than
     * managed entities that the transaction would dirty-check at its commit.
     */
    public List<EventRow> unsealed(int limit) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select id, occurred_at, type, outcome,"
                    + " actor, client_id, user_sub, subject, detail from audit_events where chain_seq is null"
                    + " order by occurred_at, recorded_seq limit ?")) {
                select.setInt(1, limit);
                List<EventRow> rows = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        rows.add(new EventRow(
                                row.getString(1),
                                row.getObject(2, OffsetDateTime.class).toInstant(),
                                row.getString(3),
                                row.getString(4),
                                row.getString(5),
                                row.getString(6),
                                row.getString(7),
                                row.getString(8),
                                row.getString(9)));
                    }
                }
                return rows;
            }
        });
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
