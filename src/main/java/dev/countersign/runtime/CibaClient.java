package dev.countersign.runtime;

/**
 * Outbound port: the runtime's only way to talk to a CIBA OpenID Provider, the embedded one
 * included (CIBA Core 1.0 §7 authentication request, §10 token request). Adapters live in
 * {@code runtime/embedded/} (the provider in this service) and {@code runtime/oidcclient/} (any
 * external provider through {@code quarkus-oidc-client}). An adapter never throws for an answer the
 * provider gave: every answer, including a refusal or an unreachable provider, is a value.
 */
public interface CibaClient {

    /** Sends the backchannel authentication request (§7.1) and reports the provider's answer (§7.3, §13). */
    StartOutcome start(CibaAuthenticationRequest request);

    /**
     * Makes one token request (§10.1) for the {@code auth_req_id}. The caller owns the pacing: it
     * must respect the {@code interval}, {@code slow_down} and {@code Retry-After} it was given.
     */
    PollOutcome poll(String authReqId);

    /**
     * Polls on behalf of {@code agent}, the agent that asked for the run. Only a provider that can
     * be told who the agent is (the embedded one, in-process) names it in the delegated token's
     * nested {@code act} (RFC 8693 §4.1); an external provider has no standard parameter for it, so
     * by default the agent is not passed on.
     */
    default PollOutcome poll(String authReqId, java.util.Optional<String> agent) {
        return poll(authReqId);
    }

    /**
     * Why a request that is still pending waits, when the provider can say it: {@code
     * user_has_no_device} when it reached no device of the user. CIBA has no standard member for
     * this, so only the embedded provider (in-process) tells; an external provider answers empty.
     */
    default java.util.Optional<String> waitingReason(String authReqId) {
        return java.util.Optional.empty();
    }

    /**
     * Whether this provider will notify the runtime when the user decides (ping mode, §10.2), so the
     * runtime polls only once it is woken (and, as a safety net, rarely otherwise).
     */
    boolean pings();

    /**
     * Whether {@link #poll} joins the caller's transaction (a provider in this service, polled
     * in-process), so that the runtime commits the tokens' issue and its own next step at once: a
     * crash then leaves neither. An external provider answers over the network, outside any
     * transaction of ours.
     */
    default boolean pollsInCallersTransaction() {
        return false;
    }

    /**
     * Withdraws a request the user has not decided yet, so that it leaves the user's device, if the
     * provider has a way: the embedded one does; CIBA Core 1.0 defines none, so an external provider
     * keeps asking the user until the request is decided or expires. Best effort.
     *
     * @return whether the provider withdrew it
     */
    default boolean withdraw(String authReqId) {
        return false;
    }

    /**
     * Whether this provider pings over HTTP (§10.2), so that each request must carry a fresh
     * {@code client_notification_token} (§7.1) for the runtime's client notification endpoint to
     * check. The embedded provider wakes the runtime in-process and needs none.
     */
    default boolean pingsOverHttp() {
        return false;
    }
}
