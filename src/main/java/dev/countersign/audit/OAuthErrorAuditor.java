package dev.countersign.audit;

import dev.countersign.common.CallerContext;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthErrorAnswered;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Records every OAuth error answered after client authentication (CONVENTIONS: "an audit event on
 * every failure path"), in its own transaction because the request's own work is rolled back.
 * {@code authorization_pending} is skipped: CIBA Core 1.0 §11 makes it the normal answer to a poll.
 */
@ApplicationScoped
public class OAuthErrorAuditor {
    static final String TYPE = "oauth.error";

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
        QuarkusTransaction.requiringNew().run(() -> audit.record(event));
    }
}
