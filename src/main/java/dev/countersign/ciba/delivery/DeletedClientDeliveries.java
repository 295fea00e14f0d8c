package dev.countersign.ciba.delivery;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.ciba.store.DeliveryJobRepository;
import dev.countersign.provider.ClientDeleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Map;

/**
 * Cancels the pending deliveries of a client the operator deleted, in the deleting transaction: a
 * retry must never carry a ping, or pushed tokens, to the endpoint of a client that no longer exists.
 */
@ApplicationScoped
class DeletedClientDeliveries {
    private final DeliveryJobRepository jobs;
    private final AuditLog audit;
    private final Clock clock;

    DeletedClientDeliveries(DeliveryJobRepository jobs, AuditLog audit, Clock clock) {
        this.jobs = jobs;
        this.audit = audit;
        this.clock = clock;
    }

    void onClientDeleted(@Observes ClientDeleted event) {
        int cancelled = jobs.cancelForClient(event.clientId(), clock.instant());
        if (cancelled > 0) {
            audit.record(AuditEvent.success(
                            "delivery.cancelled", "system", event.clientId(), null, "client:" + event.clientId())
                    .withDetail(Map.of("deliveries", Integer.toString(cancelled), "reason", "client deleted")));
        }
    }
}
