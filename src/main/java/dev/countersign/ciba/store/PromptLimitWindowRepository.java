package dev.countersign.ciba.store;

import dev.countersign.common.H2GroupCommit;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
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

    private final H2GroupCommit groupCommit;

    PromptLimitWindowRepository(H2GroupCommit groupCommit) {
        this.groupCommit = groupCommit;
    }

    /**
     * Creates the key's row in a transaction of its own, so that a concurrent creation (a primary key
     * conflict, which the caller ignores) never spoils the caller's transaction.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void createIfAbsent(String key) {
        if (findById(key) == null) {
            PromptLimitWindowEntity row = new PromptLimitWindowEntity();
            row.limitKey = key;
            row.windowStart = Instant.EPOCH;
            row.requestCount = 0;
            persist(row);
            flush();
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
