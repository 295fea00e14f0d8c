package dev.countersign.approval;

import dev.countersign.approval.store.NotificationJobRepository;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.ciba.CibaDecisions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Tells the provider that a pending request reached no device of its user, so that its agent learns
 * it from the request's status ({@code dev.countersign.ciba.DeviceReach}) instead of waiting blind,
 * when the push service answered 404/410 for every message it was sent as (all the user's devices
 * are gone). A message that failed for another reason (5xx, refused) is not "no device": the device
 * exists and may still be reached next time. Runs in the caller's transaction. (The other case, no
 * channel had a target for the request when it was made, is the return value of
 * {@code NotificationFanOut.notifyPending}: the provider stores the request unreached at once.)
 */
@ApplicationScoped
public class UnreachedRequests {
    private final CibaDecisions decisions;
    private final NotificationJobRepository jobs;
    private final AuditLog audit;

    UnreachedRequests(CibaDecisions decisions, NotificationJobRepository jobs, AuditLog audit) {
        this.decisions = decisions;
        this.jobs = jobs;
        this.audit = audit;
    }

    /** A message of the request was answered gone: if every message of it was, it reached no device. */
    void afterGone(String requestId, String userSub) {
        if (jobs.allRemoved(requestId) && decisions.markUnreached(requestId)) {
            audit.record(AuditEvent.success("notification.unreached", "system", null, userSub, "request:" + requestId)
                    .withDetail(Map.of("reason", "every device the request was sent to is gone (404/410)")));
        }
    }
}
