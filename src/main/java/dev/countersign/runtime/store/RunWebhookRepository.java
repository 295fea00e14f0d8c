package dev.countersign.runtime.store;

import static dev.countersign.runtime.store.RunRepository.micros;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The store of run webhooks. An attempt is claimed by one conditional update that sets a lease and
 * counts the attempt, so one attempt runs at a time across instances and restarts; every outcome is
 * one conditional update on the claimed attempt.
 */
@ApplicationScoped
public class RunWebhookRepository implements PanacheRepositoryBase<RunWebhookEntity, String> {
    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";

    /** Stores the webhook of a run, due now (in the caller's transaction). */
    public void enqueue(String runId, Instant now) {
        RunWebhookEntity job = new RunWebhookEntity();
        job.runId = runId;
        job.status = PENDING;
        job.attempts = 0;
        job.createdAt = micros(now);
        job.nextAttemptAt = micros(now);
        persist(job);
    }

    /** Run ids of pending webhooks that are due and not leased, oldest first. */
    public List<String> findDue(Instant now, int limit) {
        return getEntityManager()
                .createQuery(
                        "select w.runId from RunWebhookEntity w where w.status = 'PENDING'"
                                + " and w.nextAttemptAt <= :now and (w.leaseUntil is null or w.leaseUntil <= :now)"
                                + " order by w.nextAttemptAt",
                        String.class)
                .setParameter("now", micros(now))
                .setMaxResults(limit)
                .getResultList();
    }

    /** Claims the next attempt: a due, unleased, pending webhook gets a lease and one more attempt. */
    public boolean claim(String runId, Instant now, Instant leaseUntil) {
        return update(
                        "leaseUntil = :lease, attempts = attempts + 1 where runId = :id and status = 'PENDING'"
                                + " and nextAttemptAt <= :now and (leaseUntil is null or leaseUntil <= :now)",
                        Parameters.with("lease", micros(leaseUntil))
                                .and("id", runId)
                                .and("now", micros(now)))
                == 1;
    }

    /** The claimed attempt delivered the webhook. */
    public boolean markSent(String runId, int attempt, int status, Instant now) {
        return finish(runId, attempt, SENT, status, null, now);
    }

    /** The claimed attempt failed for good (refused, or attempts used up). */
    public boolean markFailed(String runId, int attempt, int status, String error, Instant now) {
        return finish(runId, attempt, FAILED, status, error, now);
    }

    /** The claimed attempt failed and another one is due at {@code next}. */
    public boolean scheduleRetry(String runId, int attempt, int status, String error, Instant next) {
        return update(
                        "leaseUntil = null, nextAttemptAt = :next, lastStatus = :code, lastError = :error"
                                + " where runId = :id and status = 'PENDING' and attempts = :attempt",
                        Parameters.with("next", micros(next))
                                .and("code", status == 0 ? null : status)
                                .and("error", error)
                                .and("id", runId)
                                .and("attempt", attempt))
                == 1;
    }

    public long deleteFinishedBefore(Instant before) {
        return delete("status <> 'PENDING' and finishedAt < ?1", micros(before));
    }

    private boolean finish(String runId, int attempt, String to, int status, String error, Instant now) {
        return update(
                        "status = :to, leaseUntil = null, finishedAt = :now, lastStatus = :code, lastError = :error"
                                + " where runId = :id and status = 'PENDING' and attempts = :attempt",
                        Parameters.with("to", to)
                                .and("now", micros(now))
                                .and("code", status == 0 ? null : status)
                                .and("error", error)
                                .and("id", runId)
                                .and("attempt", attempt))
                == 1;
    }
}
