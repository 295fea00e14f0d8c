package dev.countersign.ciba;

import java.util.List;
import java.util.Optional;

/**
 * Inbound port: the only way the approval side reads and decides backchannel requests. Each
 * decision is one conditional {@code PENDING → APPROVED|DENIED} update: deciding twice, deciding
 * another user's request, or deciding an expired one changes nothing.
 */
public interface CibaDecisions {
    /**
     * The user's newest requests in the given state, newest first, at most {@code limit} (at least 1):
     * the store bounds the query, so a long history never loads whole. Expired ones are never pending.
     */
    List<PendingRequest> requestsOf(String userSub, RequestState state, int limit);

    /** One of the user's requests, empty if it does not exist or belongs to someone else. */
    Optional<PendingRequest> requestOf(String userSub, String id);

    /** Approves with nothing more than the session: refused as NUMBER_REQUIRED under number matching. */
    default Decision approve(String userSub, String id) {
        return approve(userSub, id, Approval.plain());
    }

    /**
     * Approves. Under number matching a missing pick changes nothing ({@code NUMBER_REQUIRED}) and a
     * wrong pick denies the request ({@code WRONG_NUMBER}). A high-risk request needs {@link
     * Approval#receiptId()} (a verified passkey assertion stored by the approval side), otherwise
     * nothing changes ({@code PASSKEY_REQUIRED}); so does a receipt that was not made for this request
     * and user, or is no longer fresh ({@link ReceiptBinding}). The approval's acr and amr are stored with the
     * decision and put into the tokens.
     */
    Decision approve(String userSub, String id, Approval approval);

    Decision deny(String userSub, String id, Optional<String> reason);

    /**
     * Records that the pending request reached no device of its user: no channel had a target for it,
     * or every push subscription it was sent to is gone. The request stays pending and listed; its
     * agent is told through the request's status ({@link DeviceReach}). Once only; false when the
     * request is unknown, no longer pending or already marked.
     */
    boolean markUnreached(String id);

    /** How a decision attempt ended. */
    enum Decision {
        /** This call made the decision. */
        DECIDED,
        /** No such request for this user. */
        NOT_FOUND,
        /** The request was already decided (by this or another call). */
        ALREADY_DECIDED,
        /** The request expired before the decision. */
        EXPIRED,
        /** Number matching is on and no number was picked: nothing changed. */
        NUMBER_REQUIRED,
        /** Number matching is on and the wrong number was picked: the request is now denied. */
        WRONG_NUMBER,
        /**
         * The request is high-risk (registry rules) and the approval carries no verified passkey
         * receipt: nothing changed.
         */
        PASSKEY_REQUIRED
    }
}
