package dev.countersign.ciba.store;

import dev.countersign.common.H2GroupCommit;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.hibernate.Session;

/**
 * Fixed-window counters of requests per user and per client. Counting is one conditional update of
 * the key's row, which also locks it until the transaction ends: concurrent requests (on any
 * instance) are admitted one after the other and never beyond the limit.
 */
@ApplicationScoped
public class PromptLimitWindowRepository implements PanacheRepositoryBase<PromptLimitWindowEntity, String> {
    private static final String COUNT = "update prompt_limit_windows set request_count = case when window_start = ?"
            + " then request_count + 1 else 1 end, window_start = ? where limit_key = ?"
            + " and (window_start <> ? or request_count < ?)";

    private static final String CREATE = "insert into prompt_limit_windows (limit_key, window_start, request_count)"
            + " select cast(? as varchar(200)), cast(? as timestamp(6) with time zone), 0"
            + " where not exists (select 1 from prompt_limit_windows where limit_key = ?)";
    private static final String UNIQUE_VIOLATION = "23505";

    private final H2GroupCommit groupCommit;

    PromptLimitWindowRepository(H2GroupCommit groupCommit) {
        this.groupCommit = groupCommit;
    }

    /**
     * Creates the key's row in a transaction of its own, so that a concurrent creation never spoils
     * the caller's transaction. A concurrent creation that won (a unique key conflict, SQLSTATE
     * 23505 on H2 and PostgreSQL) leaves the row existing, which is all this wanted: the conflict
     * rolls this transaction back quietly. A plain statement rather than an entity, since Hibernate
     * logs every failed statement as a warning, and the first burst of requests for a new user or
     * client would print one per request that lost the race.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void createIfAbsent(String key) {
        groupCommit.statementSent(CREATE);
        boolean created = getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(CREATE)) {
                insert.setString(1, key);
                insert.setObject(2, Instant.EPOCH.atOffset(ZoneOffset.UTC));
                insert.setString(3, key);
                return insert.executeUpdate() == 1;
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        });
        if (!created) {
            // Nothing of this transaction is wanted; on PostgreSQL a failed statement has aborted it.
            QuarkusTransaction.setRollbackOnly();
        }
    }

    /**
     * Counts one request in the window starting at {@code window}, unless {@code limit} were passed.
     * Plain JDBC on the transaction's connection: the statement runs twice on every
     * {@code bc-authorize}, and a Hibernate native query would first flush (and dirty-check) the
     * whole session each time. The caller has flushed its own writes before.
     */
    public boolean tryCount(String key, Instant window, int limit) {
        groupCommit.statementSent(COUNT);
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(COUNT)) {
                OffsetDateTime start = window.atOffset(ZoneOffset.UTC);
                update.setObject(1, start);
                update.setObject(2, start);
                update.setString(3, key);
                update.setObject(4, start);
                update.setInt(5, limit);
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Deletes the counters of windows that started before {@code before} (ended windows count
     * nothing: the next request restarts its key's row, or creates it again).
     */
    public long deleteStartedBefore(Instant before) {
        return delete("windowStart < ?1", before);
    }

    /** Whether the key's counter row exists (read in the caller's transaction). */
    public boolean exists(String key) {
        return count("limitKey", key) > 0;
    }
}
