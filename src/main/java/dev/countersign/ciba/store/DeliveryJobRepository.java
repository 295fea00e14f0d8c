package dev.countersign.ciba.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The store of delivery jobs. An attempt is claimed by one conditional update that sets a lease, so
 * that across instances sharing a database, and across a restart, one attempt runs at a time; every
 * outcome is one conditional update on the claimed attempt.
 */
@ApplicationScoped
public class DeliveryJobRepository implements PanacheRepositoryBase<DeliveryJobEntity, String> {
    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";

    /** Ids of pending jobs that are due and not leased, oldest first. */
    public List<String> findDue(Instant now, int limit) {
        return getEntityManager()
                .createQuery(
                        "select j.id from DeliveryJobEntity j where j.status = 'PENDING' and j.nextAttemptAt <= :now"
                                + " and (j.leaseUntil is null or j.leaseUntil <= :now) order by j.nextAttemptAt",
                        String.class)
                .setParameter("now", micros(now))
                .setMaxResults(limit)
                .getResultList();
    }

    public List<DeliveryJobEntity> findByStatus(String status, int limit) {
        return find("status", Sort.descending("createdAt"), status)
                .page(0, limit)
                .list();
    }

    /** Claims the next attempt: a due, unleased, pending job gets a lease and one more attempt. */
    public boolean claim(String id, Instant now, Instant leaseUntil) {
        return update(
                        "leaseUntil = :lease, attempts = attempts + 1 where id = :id and status = 'PENDING'"
                                + " and nextAttemptAt <= :now and (leaseUntil is null or leaseUntil <= :now)",
                        Parameters.with("lease", micros(leaseUntil))
                                .and("id", id)
                                .and("now", micros(now)))
                == 1;
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
        return update(
                        "leaseUntil = null, nextAttemptAt = :next, lastError = :error"
                                + " where id = :id and status = 'PENDING' and attempts = :attempt",
                        Parameters.with("next", micros(next))
                                .and("error", error)
                                .and("id", id)
                                .and("attempt", attempt))
                == 1;
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

    /** Removes finished jobs older than {@code before}. */
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

    public long deleteFinishedBefore(Instant before) {
        return delete("status <> 'PENDING' and finishedAt < ?1", micros(before));
    }

    /**
     * Times are stored with microsecond precision (timestamp(6), rounded by H2 and PostgreSQL); an
     * instant is truncated to it before it is stored or compared, so that a job stored "due now" is
     * due at that same instant.
     */
    public static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
