package dev.countersign.ciba;

import java.util.List;
import java.util.Optional;

/**
 * Inbound port: the only way the approval side reads and decides backchannel requests. Each
 * decision is one conditional {@code PENDING → APPROVED|DENIED} update: deciding twice, deciding
 * another user's request, or deciding an expired one changes nothing.
 */
public interface CibaDecisions {
    /** The user's requests in the given state, newest first (expired ones are never pending). */
    List<PendingRequest> requestsOf(String userSub, RequestState state);

    /** One of the user's requests, empty if it does not exist or belongs to someone else. */
    Optional<PendingRequest> requestOf(String userSub, String id);

    Decision approve(String userSub, String id);

    Decision deny(String userSub, String id, Optional<String> reason);

    /** How a decision attempt ended. */
    enum Decision {
        /** This call made the decision. */
        DECIDED,
        /** No such request for this user. */
        NOT_FOUND,
        /** The request was already decided (by this or another call). */
        ALREADY_DECIDED,
        /** The request expired before the decision. */
        EXPIRED
    }
}
