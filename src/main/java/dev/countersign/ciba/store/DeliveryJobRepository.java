package dev.countersign.ciba.store;

import dev.countersign.common.store.JobLeases;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The store of delivery jobs, claimed and retried by the lease protocol of {@link JobLeases}; every
 * outcome is one conditional update on the claimed attempt.
 */
@ApplicationScoped
public class DeliveryJobRepository implements PanacheRepositoryBase<DeliveryJobEntity, String> {
    public static final String PENDING = JobLeases.PENDING;
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";
    private static final JobLeases LEASES = new JobLeases("DeliveryJobEntity", "id");

    /** Ids of pending jobs that are due and not leased, oldest first. */
    public List<String> findDue(Instant now, int limit) {
        return LEASES.findDue(getEntityManager(), now, limit);
    }

    public List<DeliveryJobEntity> findByStatus(String status, int limit) {
        return find("status", Sort.descending("createdAt"), status)
                .page(0, limit)
                .list();
    }

    /** Claims the next attempt: a due, unleased, pending job gets a lease and one more attempt. */
    public boolean claim(String id, Instant now, Instant leaseUntil) {
        return LEASES.claim(getEntityManager(), id, now, leaseUntil);
    }

    /** The claimed attempt succeeded: delivered, and the sealed payload is erased. */
    public boolean markDelivered(String id, int attempt, Instant now) {
        return update(
                        "status = 'DELIVERED', payload = null, leaseUntil = null, finishedAt = :now, lastError = null"
                                + " where id = :id and status = 'PENDING' and attempts = :attempt",
                        Parameters.with("now", micros(now)).and("id", id).and("attempt", attempt))
                == 1;
    }

    /** The claimed attempt failed and another one is due at {@code next}. */
    public boolean scheduleRetry(String id, int attempt, Instant next, String error) {
        return LEASES.scheduleRetry(getEntityManager(), id, attempt, next, error);
    }

    /** The claimed attempt was the last one allowed: the job failed for good (the payload is kept). */
    public boolean markFailed(String id, int attempt, Instant now, String error) {
        return update(
                        "status = 'FAILED', leaseUntil = null, finishedAt = :now, lastError = :error"
                                + " where id = :id and status = 'PENDING' and attempts = :attempt",
                        Parameters.with("now", micros(now))
                                .and("error", error)
                                .and("id", id)
                                .and("attempt", attempt))
                == 1;
    }

    /** An operator asks for a failed job to be tried again, at once and with a fresh attempt budget. */
    public boolean retry(String id, Instant now) {
        return update(
                        "status = 'PENDING', attempts = 0, nextAttemptAt = :now, createdAt = :now, finishedAt = null"
                                + " where id = :id and status = 'FAILED' and payload is not null",
                        Parameters.with("now", micros(now)).and("id", id))
                == 1;
    }

    /**
     * PENDING → FAILED for every delivery to a deleted client, dropping the sealed payload (push
     * tokens included); returns how many were cancelled.
     */
    public int cancelForClient(String clientId, Instant now) {
        return update(
                "status = 'FAILED', payload = null, leaseUntil = null, finishedAt = ?1,"
                        + " lastError = 'the client was deleted' where clientId = ?2 and status = 'PENDING'",
                micros(now),
                clientId);
    }

    /** Removes the jobs that ended before {@code before}. */
    public long deleteFinishedBefore(Instant before) {
        return LEASES.deleteFinishedBefore(getEntityManager(), before);
    }

    /** Times are stored with microsecond precision ({@link JobLeases#micros}). */
    public static Instant micros(Instant instant) {
        return JobLeases.micros(instant);
    }
}
