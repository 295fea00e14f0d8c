package dev.countersign.ciba;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.ciba.delivery.NotificationSecrets;
import dev.countersign.ciba.store.BackchannelRequestEntity;
import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.common.RandomTokens;
import dev.countersign.common.SecretHasher;
import dev.countersign.common.Sha256;
import dev.countersign.common.TimeOrderedIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a backchannel authentication (CIBA Core 1.0 §7.3): stores the validated request as
 * {@code PENDING}, with only a hash of its {@code auth_req_id}, and acknowledges it. The
 * {@link AuthenticationDevice} stores its notifications in the same transaction and reaches the
 * user's device once it has committed, never before. Before it commits it must pass the
 * push-bombing defences ({@link PromptLimits}), checked last so that their row locks are held only
 * through the commit, and, when it needs number matching, carry a number in its binding message
 * ({@link NumberMatching}).
 */
@ApplicationScoped
public class BackchannelAuthentication {
    /** 256 bits: far above the 128 bits CIBA Core 1.0 §7.3 asks of an auth_req_id. */
    private static final int AUTH_REQ_ID_BYTES = 32;

    private static final ObjectMapper FINGERPRINT_JSON = new ObjectMapper();

    private final BackchannelRequestRepository requests;
    private final SecretHasher hasher;
    private final AuditLog audit;
    private final AuthenticationDevice device;
    private final CibaConfig config;
    private final PendingRequests views;
    private final NotificationSecrets secrets;
    private final PromptLimits limits;
    private final NumberMatching numberMatching;
    private final Clock clock;

    public BackchannelAuthentication(
            BackchannelRequestRepository requests,
            SecretHasher hasher,
            AuditLog audit,
            AuthenticationDevice device,
            CibaConfig config,
            PendingRequests views,
            NotificationSecrets secrets,
            PromptLimits limits,
            NumberMatching numberMatching,
            Clock clock) {
        this.limits = limits;
        this.numberMatching = numberMatching;
        this.requests = requests;
        this.hasher = hasher;
        this.audit = audit;
        this.device = device;
        this.config = config;
        this.views = views;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Transactional
    public Acknowledgement start(BackchannelRequest request) {
        Instant now = clock.instant();
        Duration lifetime = request.lifetime(config);
        Optional<String> numberChoices = numberMatching.choices(request);
        String fingerprint = fingerprint(request);
        limits.prepare(request);
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
        row.requestFingerprint = fingerprint;
        row.numberChoices = numberChoices.orElse(null);
        row.state = RequestState.PENDING.name();
        row.createdAt = now;
        row.expiresAt = now.plus(lifetime);
        row.intervalSeconds = (int) config.interval().toSeconds();
        if (request.notificationToken().isPresent()) {
            // CIBA Core 1.0 §10.2, §10.3: both go back to the client, so they are sealed, not hashed.
            row.deliveryMode = request.deliveryMode().wire();
            row.notificationSecrets = secrets.sealRequest(
                    row.id, authReqId, request.notificationToken().get().value());
        }
        if (!device.notifyPending(views.view(row, now, request.clientName()))) {
            row.unreachedAt = now;
        }
        requests.insert(row);
        audit.record(requested(request, row.id, lifetime));
        // Everything is written before the limits are counted: counting locks the user's and the
        // client's counter rows until the commit, and every request of that user or client waits
        // for those locks, so they are taken last. A refusal rolls all of it back.
        requests.flush();
        limits.admit(request, fingerprint, row.id, now);
        return new Acknowledgement(authReqId, lifetime.toSeconds(), row.intervalSeconds);
    }

    /**
     * The client withdraws a request the user has not decided yet: stored {@code EXPIRED} at once,
     * so it leaves the user's inbox, can no longer be approved, and no longer collapses an identical
     * later request (ADR 0005). CIBA Core 1.0 gives a client no way to cancel a request; this is the
     * embedded provider's in-process courtesy to its own runtime when an agent cancels a run.
     *
     * @return whether this call withdrew it (false: unknown, another client's, decided or expired)
     */
    @Transactional
    public boolean withdraw(String clientId, String authReqId) {
        Instant now = clock.instant();
        Optional<BackchannelRequestEntity> row = requests.findByAuthReqIdHash(hasher.hash(authReqId));
        if (row.isEmpty() || !requests.withdraw(row.get().id, clientId, now)) {
            return false;
        }
        audit.record(AuditEvent.success(
                "backchannel.withdrawn", "client:" + clientId, clientId, row.get().userSub, "request:" + row.get().id));
        return true;
    }

    /** What makes two requests identical (ADR 0005): client, user, scope, binding message, acr and details. */
    static String fingerprint(BackchannelRequest request) {
        List<String> fields = Arrays.asList(
                request.clientId(),
                request.userSub(),
                request.scope(),
                request.bindingMessage().map(BindingMessage::value).orElse(null),
                request.acrValues().orElse(null),
                request.authorizationDetails().orElse(null));
        try {
            return Sha256.base64Url(FINGERPRINT_JSON.writeValueAsBytes(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
