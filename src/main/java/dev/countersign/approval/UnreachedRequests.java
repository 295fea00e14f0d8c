package dev.countersign.approval;

import dev.countersign.approval.store.NotificationJobRepository;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.ciba.CibaDecisions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Tells the provider that a pending request reached no device of its user, so that its agent learns
 * it from the request's status ({@code dev.countersign.ciba.DeviceReach}) instead of waiting blind.
 * Two cases: no channel had a target for it when it was made (the user has no device and no webhook
 * is configured), or the push service answered 404/410 for every message it was sent as (all the
 * user's devices are gone). A message that failed for another reason (5xx, refused) is not "no
 * device": the device exists and may still be reached next time. Runs in the caller's transaction.
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

    /** No channel had a target for the new request. */
    void noTarget(String requestId) {
        decisions.markUnreached(requestId);
    }

    /** A message of the request was answered gone: if every message of it was, it reached no device. */
    void afterGone(String requestId, String userSub) {
        if (jobs.allRemoved(requestId) && decisions.markUnreached(requestId)) {
            audit.record(AuditEvent.success("notification.unreached", "system", null, userSub, "request:" + requestId)
                    .withDetail(Map.of("reason", "every device the request was sent to is gone (404/410)")));
        }
    }
}
