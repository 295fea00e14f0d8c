package dev.countersign.ciba;

/**
 * Fired inside the transaction in which the user approved or denied a backchannel request; observe
 * it {@code during = AFTER_SUCCESS} to act only on a decision that was committed. The agent runtime
 * uses it as an in-process ping (CIBA Core 1.0 §10.2): it polls the request at once instead of
 * waiting for its next interval.
 *
 * @param authReqIdHash the {@code SecretHasher} hash of the request's {@code auth_req_id}, never the
 *     id itself
 * @param clientId the client that made the request
 * @param state {@link RequestState#APPROVED} or {@link RequestState#DENIED}
 */
public record RequestDecided(String authReqIdHash, String clientId, RequestState state) {}
