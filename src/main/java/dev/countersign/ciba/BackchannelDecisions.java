package dev.countersign.ciba;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.ciba.delivery.DeliveryJobs;
import dev.countersign.ciba.store.BackchannelRequestEntity;
import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.provider.AuthorizationDetailsTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider's side of the {@link CibaDecisions} port. A decision is one conditional update of a
 * {@code PENDING}, unexpired request of this user; when it does not win, a second read tells the
 * caller why (unknown, already decided or expired) and nothing has changed. A decision on a ping or
 * push request stores its notification in the same transaction ({@link DeliveryJobs}).
 */
@ApplicationScoped
public class BackchannelDecisions implements CibaDecisions {
    private static final int MAX_REASON_LENGTH = 500;
    static final String WRONG_NUMBER_REASON = "wrong number picked (number matching)";

    private final BackchannelRequestRepository requests;
    private final PendingRequests views;
    private final AuditLog audit;
    private final DeliveryJobs deliveries;
    private final Event<RequestDecided> decided;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final AuthorizationDetailsTypes types;
    private final ReceiptBinding receipts;

    public BackchannelDecisions(
            BackchannelRequestRepository requests,
            PendingRequests views,
            AuditLog audit,
            DeliveryJobs deliveries,
            Event<RequestDecided> decided,
            Clock clock,
            AuthorizationDetailsTypes types,
            ReceiptBinding receipts) {
        this.receipts = receipts;
        this.types = types;
        this.decided = decided;
        this.requests = requests;
        this.views = views;
        this.audit = audit;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    @Override
    @Transactional
    public List<PendingRequest> requestsOf(String userSub, RequestState state, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return views.of(userSub, state, clock.instant(), limit);
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
    public Decision approve(String userSub, String id, Approval approval) {
        Instant now = clock.instant();
        Optional<String> matching = requests.findBindingMessageUnderNumberMatching(id, userSub);
        if (matching.isPresent()) {
            Optional<Decision> refused = checkNumber(userSub, id, matching.get(), approval, now);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        // A receipt is accepted only for this request and user, and only while fresh.
        boolean unbound = approval.receiptId()
                .filter(receipt -> !receipts.binds(receipt, id, userSub))
                .isPresent();
        if (unbound || (approval.receiptId().isEmpty() && isHighRisk(id, userSub))) {
            boolean open = requests.findByIdOptional(id)
                    .filter(r -> r.userSub.equals(userSub))
                    .filter(r -> RequestState.PENDING.name().equals(r.state) && now.isBefore(r.expiresAt))
                    .isPresent();
            return open ? Decision.PASSKEY_REQUIRED : whyNot(userSub, id, now);
        }
        String amr = approval.amr().isEmpty() ? null : String.join(" ", approval.amr());
        if (requests.approve(
                id,
                userSub,
                now,
                approval.acr().orElse(null),
                amr,
                approval.receiptId().orElse(null))) {
            BackchannelRequestEntity request = requests.findById(id);
            audit.record(decided(
                    "backchannel.approved",
                    request,
                    approval.receiptId().isEmpty()
                            ? Map.of()
                            : Map.of(
                                    "receipt",
                                    approval.receiptId().get(),
                                    "acr",
                                    approval.acr().orElse(""))));
            deliveries.onApproved(request, now);
            decided.fire(new RequestDecided(request.authReqIdHash, request.clientId, RequestState.APPROVED));
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
            BackchannelRequestEntity request = requests.findById(id);
            audit.record(decided(
                    "backchannel.denied", request, cleanReason == null ? Map.of() : Map.of("reason", cleanReason)));
            deliveries.onDenied(request, now);
            decided.fire(new RequestDecided(request.authReqIdHash, request.clientId, RequestState.DENIED));
            return Decision.DECIDED;
        }
        return whyNot(userSub, id, now);
    }

    @Override
    @Transactional
    public boolean markUnreached(String id) {
        return requests.markUnreached(id, clock.instant());
    }

    /**
     * Number matching: no pick changes nothing; a wrong pick denies the request (as Microsoft
     * Authenticator does), so that guessing costs the attacker the request.
     */
    private Optional<Decision> checkNumber(
            String userSub, String id, String bindingMessage, Approval approval, Instant now) {
        if (approval.number().isEmpty()) {
            return Optional.of(Decision.NUMBER_REQUIRED);
        }
        int expected = NumberMatching.expected(bindingMessage).orElse(-1);
        if (approval.number().get() == expected) {
            return Optional.empty();
        }
        if (!requests.deny(id, userSub, now, WRONG_NUMBER_REASON)) {
            return Optional.of(whyNot(userSub, id, now));
        }
        BackchannelRequestEntity request = requests.findById(id);
        audit.record(decided("backchannel.number_mismatch", request, Map.of("reason", WRONG_NUMBER_REASON)));
        deliveries.onDenied(request, now);
        return Optional.of(Decision.WRONG_NUMBER);
    }

    /** Whether any authorization_details entry of the request is high-risk by the registry's rules. */
    private boolean isHighRisk(String id, String userSub) {
        Optional<String> details = requests.findAuthorizationDetails(id, userSub);
        if (details.isEmpty()) {
            return false;
        }
        try {
            for (JsonNode entry : JSON.readTree(details.get())) {
                if (types.isHighRisk(entry)) {
                    return true;
                }
            }
            return false;
        } catch (JsonProcessingException e) {
            return true;
        }
    }

    private static AuditEvent decided(String type, BackchannelRequestEntity request, Map<String, String> detail) {
        return AuditEvent.success(
                        type, "user:" + request.userSub, request.clientId, request.userSub, "request:" + request.id)
                .withDetail(detail);
    }

    private Decision whyNot(String userSub, String id, Instant now) {
        Optional<BackchannelRequestEntity> found = requests.findByIdOptional(id).filter(r -> r.userSub.equals(userSub));
        if (found.isEmpty()) {
            return Decision.NOT_FOUND;
        }
        BackchannelRequestEntity request = found.get();
        boolean pending = RequestState.PENDING.name().equals(request.state);
        if (RequestState.EXPIRED.name().equals(request.state) || (pending && !now.isBefore(request.expiresAt))) {
            return Decision.EXPIRED;
        }
        return Decision.ALREADY_DECIDED;
    }

    private static String clean(String reason) {
        String trimmed = reason.strip();
        return trimmed.length() <= MAX_REASON_LENGTH ? trimmed : trimmed.substring(0, MAX_REASON_LENGTH);
    }
}
