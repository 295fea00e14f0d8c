package dev.countersign.ciba.delivery;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.ciba.CibaConfig;
import dev.countersign.ciba.delivery.DeliveryAttempts.Claimed;
import dev.countersign.ciba.delivery.DeliveryAttempts.Outcome;
import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.ciba.store.DeliveryJobEntity;
import dev.countersign.ciba.store.DeliveryJobRepository;
import dev.countersign.common.H2GroupCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Records how an attempt ended, in one transaction with its audit event: delivered (the sealed
 * payload and the request's sealed secrets are erased), retried later with exponential backoff and
 * full jitter, or, when the attempts or the age allowed have run out, failed for good and listed for
 * the operator ({@code GET /admin/deliveries?status=failed}).
 */
@ApplicationScoped
class DeliveryOutcomes {
    private static final Logger LOG = Logger.getLogger(DeliveryOutcomes.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DeliveryJobRepository jobs;
    private final BackchannelRequestRepository requests;
    private final AuditLog audit;
    private final CibaConfig config;
    private final Clock clock;
    private final H2GroupCommit groupCommit;

    DeliveryOutcomes(
            DeliveryJobRepository jobs,
            BackchannelRequestRepository requests,
            AuditLog audit,
            CibaConfig config,
            Clock clock,
            H2GroupCommit groupCommit) {
        this.groupCommit = groupCommit;
        this.jobs = jobs;
        this.requests = requests;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    void record(Claimed claimed, Outcome outcome) {
        QuarkusTransaction.requiringNew().run(() -> {
            groupCommit.answersNobody(); // the pool thread's last step: nobody waits for this commit
            Instant now = clock.instant();
            DeliveryJobEntity job = jobs.findById(claimed.jobId());
            if (job == null) {
                return; // deleted meanwhile (retention): nothing left to record
            }
            if (outcome.delivered()) {
                delivered(job, claimed.attempt(), outcome, now);
            } else if (exhausted(job, claimed.attempt(), now)) {
                failed(job, claimed.attempt(), outcome, now);
            } else {
                retry(job, claimed.attempt(), outcome, now);
            }
        });
    }

    private void delivered(DeliveryJobEntity job, int attempt, Outcome outcome, Instant now) {
        if (jobs.markDelivered(job.id, attempt, now)) {
            requests.eraseNotificationSecrets(job.requestId);
            audit.record(event("delivery.delivered", "success", job, attempt, outcome));
        }
    }

    private void retry(DeliveryJobEntity job, int attempt, Outcome outcome, Instant now) {
        Backoff backoff =
                new Backoff(config.delivery().backoffBase(), config.delivery().backoffCap());
        // At least 1 ms, so a retry is never due in the instant of the failure it follows.
        Instant next = now.plus(backoff.delayAfter(attempt, bound -> 1 + RANDOM.nextLong(Math.max(bound, 1))));
        if (jobs.scheduleRetry(job.id, attempt, next, outcome.error())) {
            audit.record(event("delivery.attempt_failed", "failure", job, attempt, outcome));
            LOG.infof("Delivery %s attempt %d failed (%s); next attempt at %s", job.id, attempt, outcome.error(), next);
        }
    }

    private void failed(DeliveryJobEntity job, int attempt, Outcome outcome, Instant now) {
        if (jobs.markFailed(job.id, attempt, now, outcome.error())) {
            audit.record(event("delivery.failed", "failure", job, attempt, outcome));
            LOG.warnf(
                    "Delivery %s to client %s failed for good after %d attempts (%s); see GET /admin/deliveries",
                    job.id, job.clientId, attempt, outcome.error());
        }
    }

    private boolean exhausted(DeliveryJobEntity job, int attempt, Instant now) {
        return attempt >= config.delivery().maxAttempts()
                || !now.isBefore(job.createdAt.plus(config.delivery().maxAge()));
    }

    private static AuditEvent event(String type, String result, DeliveryJobEntity job, int attempt, Outcome outcome) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("delivery", job.id);
        detail.put("mode", job.mode);
        detail.put("kind", job.kind);
        detail.put("attempt", Integer.toString(attempt));
        if (outcome.status() != 0) {
            detail.put("http_status", Integer.toString(outcome.status()));
        }
        if (outcome.error() != null) {
            detail.put("error", outcome.error());
        }
        return new AuditEvent(type, result, "system", job.clientId, job.userSub, "request:" + job.requestId, detail);
    }
}
