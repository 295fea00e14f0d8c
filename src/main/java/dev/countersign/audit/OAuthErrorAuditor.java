package dev.countersign.audit;

import dev.countersign.common.CallerContext;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthErrorAnswered;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Records every OAuth error answered after client authentication (CONVENTIONS: "an audit event on
 * every failure path"), in its own transaction because the request's own work is rolled back.
 * {@code authorization_pending} is skipped: CIBA Core 1.0 §11 makes it the normal answer to a poll.
 */
@ApplicationScoped
public class OAuthErrorAuditor {
    static final String TYPE = "oauth.error";
    private static final Logger LOG = Logger.getLogger(OAuthErrorAuditor.class);

    private final CallerContext caller;
    private final AuditLog audit;

    public OAuthErrorAuditor(CallerContext caller, AuditLog audit) {
        this.caller = caller;
        this.audit = audit;
    }

    void onErrorAnswered(@Observes OAuthErrorAnswered answered) {
        if (answered.error() == OAuthError.AUTHORIZATION_PENDING
                || !Arc.container().requestContext().isActive()) {
            return;
        }
        String clientId = caller.clientId();
        if (clientId == null) {
            return;
        }
        String description = answered.description() == null ? "" : answered.description();
        AuditEvent event = new AuditEvent(
                TYPE,
                "error",
                "client:" + clientId,
                clientId,
                caller.userSub(),
                null,
                Map.of("error", answered.error().code(), "error_description", description));
        if (BlockingOperationControl.isBlockingAllowed()) {
            store(event);
        } else {
            // An error answered on the event loop: the database work moves to a worker thread.
            Infrastructure.getDefaultWorkerPool().execute(() -> store(event));
        }
    }

    private void store(AuditEvent event) {
        try {
            QuarkusTransaction.requiringNew().run(() -> audit.record(event));
        } catch (RuntimeException e) {
            // The client still gets its error answer; the operator learns the trail missed one.
            LOG.errorf(
                    e,
                    "Could not record the audit event for an %s error",
                    event.detail().get("error"));
        }
    }
}
