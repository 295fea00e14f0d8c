package dev.countersign.approval.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The store of notification jobs. An attempt is claimed by one conditional update that sets a
 * lease, so that across instances sharing a database, and across a restart, one attempt runs at a
 * time; every outcome is one conditional update on the claimed attempt.
 */
@ApplicationScoped
public class NotificationJobRepository implements PanacheRepositoryBase<NotificationJobEntity, String> {
    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";
    /** The target no longer exists (a push subscription the push service reported gone). */
    public static final String REMOVED = "REMOVED";

    /** Ids of pending jobs that are due and not leased, oldest first. */
    public List<String> findDue(Instant now, int limit) {
        return getEntityManager()
                .createQuery(
                        "select j.id from NotificationJobEntity j where j.status = 'PENDING'"
                                + " and j.nextAttemptAt <= :now and (j.leaseUntil is null or j.leaseUntil <= :now)"
                                + " order by j.nextAttemptAt",
                        String.class)
                .setParameter("now", micros(now))
                .setMaxResults(limit)
                .getResultList();
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
        return update(
                        "leaseUntil = :lease, attempts = attempts + 1 where id = :id and status = 'PENDING'"
                                + " and nextAttemptAt <= :now and (leaseUntil is null or leaseUntil <= :now)",
                        Parameters.with("lease", micros(leaseUntil))
                                .and("id", id)
                                .and("now", micros(now)))
                == 1;
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
        return update(
                        "leaseUntil = null, nextAttemptAt = :next, lastError = :error"
                                + " where id = :id and status = 'PENDING' and attempts = :attempt",
                        Parameters.with("next", micros(next))
                                .and("error", error)
                                .and("id", id)
                                .and("attempt", attempt))
                == 1;
    }

    public long deleteFinishedBefore(Instant before) {
        return delete("status <> 'PENDING' and finishedAt < ?1", micros(before));
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

    /** Times are stored with microsecond precision; instants are truncated before they are stored. */
    public static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
