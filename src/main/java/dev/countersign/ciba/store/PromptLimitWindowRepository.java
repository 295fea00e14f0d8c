package dev.countersign.ciba.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Fixed-window counters of requests per user and per client. Counting is one conditional update of
 * the key's row, which also locks it until the transaction ends: concurrent requests (on any
 * instance) are admitted one after the other and never beyond the limit.
 */
@ApplicationScoped
public class PromptLimitWindowRepository implements PanacheRepositoryBase<PromptLimitWindowEntity, String> {

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

    /** Counts one request in the window starting at {@code window}, unless {@code limit} were passed. */
    public boolean tryCount(String key, Instant window, int limit) {
        return getEntityManager()
                        .createNativeQuery("update prompt_limit_windows set request_count = case when window_start = ?1"
                                + " then request_count + 1 else 1 end, window_start = ?1 where limit_key = ?2"
                                + " and (window_start <> ?1 or request_count < ?3)")
                        .setParameter(1, window)
                        .setParameter(2, key)
                        .setParameter(3, limit)
                        .executeUpdate()
                == 1;
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
