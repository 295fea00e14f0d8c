package dev.countersign.runtime.store;

import static dev.countersign.runtime.store.RunRepository.micros;

import dev.countersign.common.store.JobLeases;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The store of run webhooks, claimed by the lease protocol of {@link JobLeases}; every outcome is
 * one conditional update on the claimed attempt (a retry also keeps the HTTP status it got).
 */
@ApplicationScoped
public class RunWebhookRepository implements PanacheRepositoryBase<RunWebhookEntity, String> {
    public static final String PENDING = JobLeases.PENDING;
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";
    private static final JobLeases LEASES = new JobLeases("RunWebhookEntity", "runId");

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
        return LEASES.findDue(getEntityManager(), now, limit);
    }

    /** Claims the next attempt: a due, unleased, pending webhook gets a lease and one more attempt. */
    public boolean claim(String runId, Instant now, Instant leaseUntil) {
        return LEASES.claim(getEntityManager(), runId, now, leaseUntil);
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

    /** Removes the webhooks that ended before {@code before}. */
    public long deleteFinishedBefore(Instant before) {
        return LEASES.deleteFinishedBefore(getEntityManager(), before);
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
