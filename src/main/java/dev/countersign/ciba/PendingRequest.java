package dev.countersign.ciba;

import java.time.Instant;
import java.util.Optional;

/**
 * A backchannel request as the approval side sees it: never the {@code auth_req_id}, only the
 * public {@code id}.
 *
 * @param authorizationDetails the RFC 9396 JSON array, if the agent sent one
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
        Instant expiresAt) {}
