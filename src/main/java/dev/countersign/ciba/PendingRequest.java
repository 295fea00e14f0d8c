package dev.countersign.ciba;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A backchannel request as the approval side sees it: never the {@code auth_req_id}, only the
 * public {@code id}.
 *
 * @param authorizationDetails the RFC 9396 JSON array, if the agent sent one
 * @param bindingMessage under number matching, with the number to pick hidden ("••")
 * @param numberChoices number matching: three numbers in a stable order, one of which the agent
 *     shows; empty when number matching is off
 */
public record PendingRequest(
        String id,
        String userSub,
        String clientId,
        String clientName,
        Optional<String> bindingMessage,
        String scope,
        Optional<String> authorizationDetails,
        RequestState state,
        Instant createdAt,
        Instant expiresAt,
        List<Integer> numberChoices) {

    public PendingRequest {
        numberChoices = List.copyOf(numberChoices);
    }

    /** A request without number matching. */
    public PendingRequest(
            String id,
            String userSub,
            String clientId,
            String clientName,
            Optional<String> bindingMessage,
            String scope,
            Optional<String> authorizationDetails,
            RequestState state,
            Instant createdAt,
            Instant expiresAt) {
        this(
                id,
                userSub,
                clientId,
                clientName,
                bindingMessage,
                scope,
                authorizationDetails,
                state,
                createdAt,
                expiresAt,
                List.of());
    }
}
