package dev.countersign.provider;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@link TokenIssuer} needs to mint the tokens of a grant: for a user who authenticated
 * and approved (the CIBA grant, a refresh), or for an agent acting as itself (client credentials).
 *
 * @param userSub the token's {@code sub}: the user, or the client's id when it acts as itself
 * @param authorizationDetails the RFC 9396 JSON array as approved, if any
 * @param authTime when the user authenticated (the decision time)
 * @param acr the authentication context class reference, if known
 * @param amr authentication methods references (RFC 8176), possibly empty
 * @param audience the RFC 8707 resources the grant named, overriding the derived {@code aud}
 * @param agentActsAsItself RFC 6749 §4.4: no user, so no {@code act}, no ID token, no refresh token
 * @param refreshFamily the refresh token family being rotated (RFC 6749 §6), if this is a refresh
 * @param senderConstraint how the access token is bound to the client's key (RFC 9449 §6.1)
 * @param priorActor RFC 8693 §4.1: who asked the client to act, named in a nested {@code act}
 *     (the agent behind the embedded runtime), if known
 * @param approvalReceipt the id of the passkey approval receipt of the decision, named in the access
 *     token's {@link ApprovalReceiptEvidence#CLAIM} claim, if the user approved with a passkey
 */
public record TokenRequest(
        Client client,
        String userSub,
        Set<String> scopes,
        Optional<String> authorizationDetails,
        Instant authTime,
        Optional<String> acr,
        List<String> amr,
        Optional<Set<String>> audience,
        boolean agentActsAsItself,
        Optional<String> refreshFamily,
        SenderConstraint senderConstraint,
        Optional<String> priorActor,
        Optional<String> approvalReceipt) {

    /** A grant without an approval receipt (client credentials, refresh). */
    public TokenRequest(
            Client client,
            String userSub,
            Set<String> scopes,
            Optional<String> authorizationDetails,
            Instant authTime,
            Optional<String> acr,
            List<String> amr,
            Optional<Set<String>> audience,
            boolean agentActsAsItself,
            Optional<String> refreshFamily,
            SenderConstraint senderConstraint,
            Optional<String> priorActor) {
        this(
                client,
                userSub,
                scopes,
                authorizationDetails,
                authTime,
                acr,
                amr,
                audience,
                agentActsAsItself,
                refreshFamily,
                senderConstraint,
                priorActor,
                Optional.empty());
    }

    /**
     * A user's grant, with the audience derived from its authorization details, for bearer tokens
     * (tokens minted outside a token request, e.g. pushed to the client, where no DPoP proof can
     * accompany them).
     */
    public TokenRequest(
            Client client,
            String userSub,
            Set<String> scopes,
            Optional<String> authorizationDetails,
            Instant authTime,
            Optional<String> acr,
            List<String> amr) {
        this(
                client,
                userSub,
                scopes,
                authorizationDetails,
                authTime,
                acr,
                amr,
                Optional.empty(),
                false,
                Optional.empty(),
                SenderConstraint.NONE,
                Optional.empty());
    }

    /** The same request, its access token bound as {@code constraint} says (RFC 9449 §5). */
    public TokenRequest withSenderConstraint(SenderConstraint constraint) {
        return new TokenRequest(
                client,
                userSub,
                scopes,
                authorizationDetails,
                authTime,
                acr,
                amr,
                audience,
                agentActsAsItself,
                refreshFamily,
                constraint,
                priorActor,
                approvalReceipt);
    }

    /** The same request on behalf of {@code actor}, who asked the client to act (RFC 8693 §4.1). */
    public TokenRequest withPriorActor(Optional<String> actor) {
        return new TokenRequest(
                client,
                userSub,
                scopes,
                authorizationDetails,
                authTime,
                acr,
                amr,
                audience,
                agentActsAsItself,
                refreshFamily,
                senderConstraint,
                actor,
                approvalReceipt);
    }

    /** The same request, its access token naming the approval receipt {@code receiptId}. */
    public TokenRequest withApprovalReceipt(Optional<String> receiptId) {
        return new TokenRequest(
                client,
                userSub,
                scopes,
                authorizationDetails,
                authTime,
                acr,
                amr,
                audience,
                agentActsAsItself,
                refreshFamily,
                senderConstraint,
                priorActor,
                receiptId);
    }

    /** Whether the response carries a refresh token: OIDC Core §11 {@code offline_access}, if allowed. */
    public boolean wantsRefreshToken() {
        return !agentActsAsItself
                && client.mayHoldRefreshTokens()
                && (refreshFamily.isPresent() || scopes.contains(Client.OFFLINE_ACCESS));
    }
}
