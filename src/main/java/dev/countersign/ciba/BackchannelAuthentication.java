package dev.countersign.ciba;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.ciba.store.BackchannelRequestEntity;
import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.common.RandomTokens;
import dev.countersign.common.SecretHasher;
import dev.countersign.common.TimeOrderedIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts a backchannel authentication (CIBA Core 1.0 §7.3): stores the validated request as
 * {@code PENDING}, with only a hash of its {@code auth_req_id}, and acknowledges it. The user's
 * device is told once the request is committed, never before.
 */
@ApplicationScoped
public class BackchannelAuthentication {
    /** 256 bits: far above the 128 bits CIBA Core 1.0 §7.3 asks of an auth_req_id. */
    private static final int AUTH_REQ_ID_BYTES = 32;

    private final BackchannelRequestRepository requests;
    private final SecretHasher hasher;
    private final AuditLog audit;
    private final Event<RequestCreated> created;
    private final CibaConfig config;
    private final PendingRequests views;
    private final Clock clock;

    public BackchannelAuthentication(
            BackchannelRequestRepository requests,
            SecretHasher hasher,
            AuditLog audit,
            Event<RequestCreated> created,
            CibaConfig config,
            PendingRequests views,
            Clock clock) {
        this.requests = requests;
        this.hasher = hasher;
        this.audit = audit;
        this.created = created;
        this.config = config;
        this.views = views;
        this.clock = clock;
    }

    @Transactional
    public Acknowledgement start(BackchannelRequest request) {
        Instant now = clock.instant();
        Duration lifetime = request.lifetime(config);
        String authReqId = RandomTokens.of(AUTH_REQ_ID_BYTES);
        BackchannelRequestEntity row = new BackchannelRequestEntity();
        row.id = TimeOrderedIds.next(now);
        row.authReqIdHash = hasher.hash(authReqId);
        row.clientId = request.clientId();
        row.userSub = request.userSub();
        row.scope = request.scope();
        row.bindingMessage = request.bindingMessage().map(BindingMessage::value).orElse(null);
        row.acrValues = request.acrValues().orElse(null);
        row.authorizationDetails = request.authorizationDetails().orElse(null);
        row.state = RequestState.PENDING.name();
        row.createdAt = now;
        row.expiresAt = now.plus(lifetime);
        row.intervalSeconds = (int) config.interval().toSeconds();
        requests.persist(row);
        audit.record(requested(request, row.id, lifetime));
        created.fire(new RequestCreated(views.view(row, now, request.clientName())));
        return new Acknowledgement(authReqId, lifetime.toSeconds(), row.intervalSeconds);
    }

    private static AuditEvent requested(BackchannelRequest request, String id, Duration lifetime) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("scope", request.scope());
        detail.put("expires_in", Long.toString(lifetime.toSeconds()));
        request.bindingMessage().ifPresent(m -> detail.put("binding_message", m.value()));
        request.authorizationDetails().ifPresent(d -> detail.put("authorization_details", d));
        return AuditEvent.success(
                        "backchannel.requested",
                        "client:" + request.clientId(),
                        request.clientId(),
                        request.userSub(),
                        "request:" + id)
                .withDetail(detail);
    }
}
