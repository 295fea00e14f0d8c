package dev.countersign.ciba;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.ciba.store.BackchannelRequestEntity;
import dev.countersign.ciba.store.BackchannelRequestRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider's side of the {@link CibaDecisions} port. A decision is one conditional update of a
 * {@code PENDING}, unexpired request of this user; when it does not win, a second read tells the
 * caller why (unknown, already decided or expired) and nothing has changed.
 */
@ApplicationScoped
public class BackchannelDecisions implements CibaDecisions {
    private static final int MAX_REASON_LENGTH = 500;

    private final BackchannelRequestRepository requests;
    private final PendingRequests views;
    private final AuditLog audit;
    private final Clock clock;

    public BackchannelDecisions(
            BackchannelRequestRepository requests, PendingRequests views, AuditLog audit, Clock clock) {
        this.requests = requests;
        this.views = views;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional
    public List<PendingRequest> requestsOf(String userSub, RequestState state) {
        Instant now = clock.instant();
        return views.of(userSub, state, now);
    }

    @Override
    @Transactional
    public Optional<PendingRequest> requestOf(String userSub, String id) {
        return requests.findByIdOptional(id)
                .filter(r -> r.userSub.equals(userSub))
                .map(r -> views.view(r, clock.instant()));
    }

    @Override
    @Transactional
    public Decision approve(String userSub, String id) {
        Instant now = clock.instant();
        if (requests.approve(id, userSub, now)) {
            audit.record(decided("backchannel.approved", userSub, id, Map.of()));
            return Decision.DECIDED;
        }
        return whyNot(userSub, id, now);
    }

    @Override
    @Transactional
    public Decision deny(String userSub, String id, Optional<String> reason) {
        Instant now = clock.instant();
        String cleanReason = reason.map(BackchannelDecisions::clean).orElse(null);
        if (requests.deny(id, userSub, now, cleanReason)) {
            audit.record(decided(
                    "backchannel.denied", userSub, id, cleanReason == null ? Map.of() : Map.of("reason", cleanReason)));
            return Decision.DECIDED;
        }
        return whyNot(userSub, id, now);
    }

    private AuditEvent decided(String type, String userSub, String id, Map<String, String> detail) {
        String clientId = requests.findByIdOptional(id).map(r -> r.clientId).orElse(null);
        return AuditEvent.success(type, "user:" + userSub, clientId, userSub, "request:" + id)
                .withDetail(detail);
    }

    private Decision whyNot(String userSub, String id, Instant now) {
        Optional<BackchannelRequestEntity> found = requests.findByIdOptional(id).filter(r -> r.userSub.equals(userSub));
        if (found.isEmpty()) {
            return Decision.NOT_FOUND;
        }
        BackchannelRequestEntity request = found.get();
        if (RequestState.PENDING.name().equals(request.state) && !now.isBefore(request.expiresAt)) {
            return Decision.EXPIRED;
        }
        return Decision.ALREADY_DECIDED;
    }

    private static String clean(String reason) {
        String trimmed = reason.strip();
        return trimmed.length() <= MAX_REASON_LENGTH ? trimmed : trimmed.substring(0, MAX_REASON_LENGTH);
    }
}
