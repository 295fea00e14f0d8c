package dev.countersign.ciba;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.ciba.delivery.DeliveryDispatcher;
import dev.countersign.ciba.store.DeliveryJobEntity;
import dev.countersign.ciba.store.DeliveryJobRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator sees of ping and push deliveries, and the one thing the operator can do: try a
 * failed delivery again (its tokens were kept sealed, so none is lost).
 */
@ApplicationScoped
public class NotificationDeliveries {
    /** The statuses a delivery can be in, as the operator API names them. */
    public static final List<String> STATUSES = List.of("pending", "delivered", "failed");

    private final DeliveryJobRepository jobs;
    private final DeliveryDispatcher dispatcher;
    private final AuditLog audit;
    private final Clock clock;

    public NotificationDeliveries(
            DeliveryJobRepository jobs, DeliveryDispatcher dispatcher, AuditLog audit, Clock clock) {
        this.jobs = jobs;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.clock = clock;
    }

    /** The newest deliveries in this status (one of {@link #STATUSES}), at most {@code limit}. */
    @Transactional
    public List<DeliveryRecord> list(String status, int limit) {
        return jobs.findByStatus(status.toUpperCase(Locale.ROOT), limit).stream()
                .map(NotificationDeliveries::record)
                .toList();
    }

    @Transactional
    public Optional<DeliveryRecord> find(String id) {
        return jobs.findByIdOptional(id).map(NotificationDeliveries::record);
    }

    /** Puts a failed delivery back in line and attempts it at once; false when it is not failed. */
    public boolean retry(String id) {
        boolean retried = QuarkusTransaction.requiringNew().call(() -> retryInTransaction(id));
        if (retried) {
            dispatcher.submit(id);
        }
        return retried;
    }

    private boolean retryInTransaction(String id) {
        if (!jobs.retry(id, clock.instant())) {
            return false;
        }
        DeliveryJobEntity job = jobs.findById(id);
        audit.record(
                AuditEvent.success("delivery.retried", "admin", job.clientId, job.userSub, "request:" + job.requestId)
                        .withDetail(Map.of("delivery", job.id, "mode", job.mode, "kind", job.kind)));
        return true;
    }

    private static DeliveryRecord record(DeliveryJobEntity job) {
        return new DeliveryRecord(
                job.id,
                job.requestId,
                job.clientId,
                job.mode,
                job.kind,
                job.endpoint,
                job.status.toLowerCase(Locale.ROOT),
                job.attempts,
                job.createdAt,
                job.nextAttemptAt,
                Optional.ofNullable(job.finishedAt),
                Optional.ofNullable(job.lastError));
    }
}
