package dev.countersign.approval.store;

import dev.countersign.common.store.JobLeases;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The store of notification jobs, claimed and retried by the lease protocol of {@link JobLeases};
 * every outcome is one conditional update on the claimed attempt.
 */
@ApplicationScoped
public class NotificationJobRepository implements PanacheRepositoryBase<NotificationJobEntity, String> {
    public static final String PENDING = JobLeases.PENDING;
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";
    /** The target no longer exists (a push subscription the push service reported gone). */
    public static final String REMOVED = "REMOVED";

    private static final JobLeases LEASES = new JobLeases("NotificationJobEntity", "id");

    /** Ids of pending jobs that are due and not leased, oldest first. */
    public List<String> findDue(Instant now, int limit) {
        return LEASES.findDue(getEntityManager(), now, limit);
    }

    public List<NotificationJobEntity> findByRequest(String requestId) {
        return list("requestId", requestId);
    }

    /** Whether every job of the request ended with its target gone (a scalar read, not the cached rows). */
    public boolean allRemoved(String requestId) {
        return count("requestId = ?1 and status <> ?2", requestId, REMOVED) == 0;
    }

    /** Claims the next attempt: a due, unleased, pending job gets a lease and one more attempt. */
    public boolean claim(String id, Instant now, Instant leaseUntil) {
        return LEASES.claim(getEntityManager(), id, now, leaseUntil);
    }

    /** The claimed attempt succeeded: sent, and the sealed payload is erased. */
    public boolean markSent(String id, int attempt, Instant now) {
        return finish(id, attempt, SENT, now, null);
    }

    /** The claimed attempt found the target gone: removed, payload erased. */
    public boolean markRemoved(String id, int attempt, Instant now, String error) {
        return finish(id, attempt, REMOVED, now, error);
    }

    /** The claimed attempt failed for good (refused, or attempts or age used up): payload erased. */
    public boolean markFailed(String id, int attempt, Instant now, String error) {
        return finish(id, attempt, FAILED, now, error);
    }

    /** The claimed attempt failed and another one is due at {@code next}. */
    public boolean scheduleRetry(String id, int attempt, Instant next, String error) {
        return LEASES.scheduleRetry(getEntityManager(), id, attempt, next, error);
    }

    /** Removes the jobs that ended before {@code before}. */
    public long deleteFinishedBefore(Instant before) {
        return LEASES.deleteFinishedBefore(getEntityManager(), before);
    }

    private boolean finish(String id, int attempt, String status, Instant now, String error) {
        return update(
                        "status = :status, payload = null, leaseUntil = null, finishedAt = :now, lastError = :error"
                                + " where id = :id and status = 'PENDING' and attempts = :attempt",
                        Parameters.with("status", status)
                                .and("now", micros(now))
                                .and("error", error)
                                .and("id", id)
                                .and("attempt", attempt))
                == 1;
    }

    /** Times are stored with microsecond precision ({@link JobLeases#micros}). */
    public static Instant micros(Instant instant) {
        return JobLeases.micros(instant);
    }
}
