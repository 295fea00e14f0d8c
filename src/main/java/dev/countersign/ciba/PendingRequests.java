package dev.countersign.ciba;

import dev.countersign.ciba.store.BackchannelRequestEntity;
import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.provider.Client;
import dev.countersign.provider.Clients;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the approval side's view of stored requests, deriving {@code EXPIRED} from the clock: a
 * request that was still pending or approved-but-unredeemed at its {@code expires_at} has expired.
 */
@ApplicationScoped
class PendingRequests {
    private final BackchannelRequestRepository requests;
    private final Clients clients;

    PendingRequests(BackchannelRequestRepository requests, Clients clients) {
        this.requests = requests;
        this.clients = clients;
    }

    /** The user's requests in the state, newest first, at most {@code limit} (bounded in the query). */
    List<PendingRequest> of(String userSub, RequestState state, Instant now, int limit) {
        List<BackchannelRequestEntity> rows = switch (state) {
            case EXPIRED -> requests.findExpiredOf(userSub, now, limit);
            case PENDING, APPROVED -> requests.findUnexpiredByUserAndState(userSub, state.name(), now, limit);
            case ISSUED, DENIED -> requests.findByUserAndState(userSub, state.name(), limit);
        };
        // One client lookup per distinct agent, not per row.
        Map<String, String> names = new HashMap<>();
        return rows.stream()
                .map(r -> view(r, now, names.computeIfAbsent(r.clientId, this::clientName)))
                .toList();
    }

    PendingRequest view(BackchannelRequestEntity r, Instant now) {
        return view(r, now, clientName(r.clientId));
    }

    /** The view when the caller already knows the agent's name (no client lookup). */
    PendingRequest view(BackchannelRequestEntity r, Instant now, String clientName) {
        RequestState stored = RequestState.valueOf(r.state);
        boolean expired = stored == RequestState.EXPIRED
                || (stored == RequestState.PENDING || stored == RequestState.APPROVED) && !now.isBefore(r.expiresAt);
        return new PendingRequest(
                r.id,
                r.userSub,
                r.clientId,
                clientName,
                Optional.ofNullable(r.bindingMessage)
                        .map(m -> r.numberChoices == null ? m : NumberMatching.hideNumber(m)),
                r.scope,
                Optional.ofNullable(r.authorizationDetails),
                expired ? RequestState.EXPIRED : stored,
                r.createdAt,
                r.expiresAt,
                NumberMatching.parse(r.numberChoices));
    }

    private String clientName(String clientId) {
        return clients.find(clientId).map(Client::clientName).orElse(clientId);
    }
}
