package dev.countersign.approval;

import dev.countersign.approval.store.NotificationJobEntity;
import dev.countersign.approval.store.NotificationJobRepository;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.H2GroupCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * One attempt at a notification job: claim it (a conditional update that sets a lease, its own
 * transaction), let its channel send it outside any transaction, then record the outcome in one
 * transaction with its audit event, guarded by the attempt number so a stale attempt changes
 * nothing: sent; target gone (the channel forgets it); refused for good; or retried with backoff
 * and jitter (never sooner than the receiver's {@code Retry-After}) until the attempts, the age
 * allowed or the request's lifetime run out.
 */
@ApplicationScoped
public class NotificationAttempts {
    private static final Logger LOG = Logger.getLogger(NotificationAttempts.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NotificationJobRepository jobs;
    private final Instance<NotificationChannel> channels;
    private final NotificationSeal seal;
    private final AuditLog audit;
    private final ApprovalConfig config;
    private final Clock clock;
    private final UnreachedRequests unreached;
    private final H2GroupCommit groupCommit;

    NotificationAttempts(
            NotificationJobRepository jobs,
            @Any Instance<NotificationChannel> channels,
            NotificationSeal seal,
            AuditLog audit,
            ApprovalConfig config,
            Clock clock,
            UnreachedRequests unreached,
            H2GroupCommit groupCommit) {
        this.unreached = unreached;
        this.groupCommit = groupCommit;
        this.jobs = jobs;
        this.channels = channels;
        this.seal = seal;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** Attempts the job if it is due and nobody else holds it; otherwise does nothing. */
    public void attempt(String jobId) {
        claim(jobId)
                .ifPresent(claimed -> attempt(claimed, () -> claimed.channel().send(claimed.outgoing())));
    }

    /**
     * Makes an attempt this instance already holds the claim of, prepared ahead ({@link NotificationChannel#prepare}), waiting for the
     * preparation if it is still running, and records how it ended.
     */
    void attempt(Claimed claimed, CompletableFuture<NotificationChannel.Ready> prepared) {
        attempt(claimed, () -> prepared.join().send());
    }

    private void attempt(Claimed claimed, NotificationChannel.Ready ready) {
        SendResult result;
        try {
            result = ready.send();
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            result = SendResult.retry(
                    0, "the channel failed: " + cause.getClass().getSimpleName(), Optional.empty());
        }
        record(claimed, result);
    }

    private Optional<Claimed> claim(String jobId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            if (!jobs.claim(jobId, now, now.plus(config.notifications().lease()))) {
                return Optional.empty();
            }
            NotificationJobEntity job = jobs.findById(jobId);
            Optional<NotificationChannel> channel = channel(job.channel);
            if (channel.isEmpty()) {
                jobs.markFailed(job.id, job.attempts, now, "the channel " + job.channel + " is not installed");
                return Optional.empty();
            }
            NotificationChannel.Outgoing outgoing = new NotificationChannel.Outgoing(
                    job.id, job.requestId, job.target, seal.open(job.id, job.payload), job.expiresAt, now);
            return Optional.of(new Claimed(job.id, job.attempts, channel.get(), outgoing, job.createdAt));
        });
    }

    private void record(Claimed claimed, SendResult result) {
        QuarkusTransaction.requiringNew().run(() -> {
            groupCommit.answersNobody(); // the pool thread's last step: nobody waits for this commit
            Instant now = clock.instant();
            NotificationJobEntity job = jobs.findById(claimed.jobId());
            if (job == null) {
                return; // deleted meanwhile (retention): nothing left to record
            }
            int attempt = claimed.attempt();
            switch (result.kind()) {
                case SENT -> {
                    if (jobs.markSent(job.id, attempt, now)) {
                        claimed.channel().delivered(job.target, now);
                        audit.record(event("notification.sent", "success", job, attempt, result));
                    }
                }
                case GONE -> {
                    if (jobs.markRemoved(job.id, attempt, now, result.error())) {
                        claimed.channel().gone(job.target);
                        audit.record(event("notification.target_removed", "success", job, attempt, result));
                        unreached.afterGone(job.requestId, job.userSub);
                    }
                }
                case FAILED -> failed(job, attempt, result, now);
                case RETRY -> retry(job, attempt, result, now);
            }
        });
    }

    private void retry(NotificationJobEntity job, int attempt, SendResult result, Instant now) {
        RetryDelay delay = new RetryDelay(
                config.notifications().backoffBase(), config.notifications().backoffCap());
        Instant next = now.plus(delay.after(attempt, result.retryAfter(), bound -> 1 + RANDOM.nextLong(bound)));
        Instant giveUp = job.createdAt.plus(config.notifications().maxAge());
        if (giveUp.isAfter(job.expiresAt)) {
            giveUp = job.expiresAt;
        }
        if (attempt >= config.notifications().maxAttempts() || !next.isBefore(giveUp)) {
            failed(job, attempt, result, now);
        } else if (jobs.scheduleRetry(job.id, attempt, next, result.error())) {
            audit.record(event("notification.attempt_failed", "failure", job, attempt, result));
            LOG.debugf("Notification %s attempt %d failed (%s); next at %s", job.id, attempt, result.error(), next);
        }
    }

    private void failed(NotificationJobEntity job, int attempt, SendResult result, Instant now) {
        if (jobs.markFailed(job.id, attempt, now, result.error())) {
            audit.record(event("notification.failed", "failure", job, attempt, result));
            LOG.infof(
                    "Notification %s (%s) of request %s failed for good after %d attempts (%s)",
                    job.id, job.channel, job.requestId, attempt, result.error());
        }
    }

    private Optional<NotificationChannel> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private static AuditEvent event(
            String type, String outcome, NotificationJobEntity job, int attempt, SendResult result) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("notification", job.id);
        detail.put("channel", job.channel);
        detail.put("target", job.target);
        detail.put("attempt", Integer.toString(attempt));
        if (result.status() != 0) {
            detail.put("http_status", Integer.toString(result.status()));
        }
        if (result.error() != null) {
            detail.put("error", result.error());
        }
        return new AuditEvent(type, outcome, "system", null, job.userSub, "request:" + job.requestId, detail);
    }

    /** A claimed attempt: the job, its attempt number, its channel, what to send, and when it was created. */
    record Claimed(
            String jobId,
            int attempt,
            NotificationChannel channel,
            NotificationChannel.Outgoing outgoing,
            Instant createdAt) {}
}
