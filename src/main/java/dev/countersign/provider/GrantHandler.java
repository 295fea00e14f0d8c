package dev.countersign.provider;

import dev.countersign.common.FormParameters;

/**
 * One grant type of the token endpoint (RFC 6749 §4.5). The endpoint authenticates the client,
 * checks the DPoP proof if any, then hands the parameters to the handler whose {@link #grantType()}
 * matches {@code grant_type}, with the {@link SenderConstraint} to pass on in its {@link TokenRequest}.
 */
public interface GrantHandler {
    /** The {@code grant_type} value this handler serves. */
    String grantType();

    /**
     * Validates the grant and issues tokens bound as {@code constraint} says (RFC 9449 §5: DPoP applies
     * "for all access token requests regardless of grant type"), or throws an {@code OAuthException}.
     */
    TokenResponse handle(Client client, FormParameters parameters, SenderConstraint constraint);

    /**
     * Answers, by throwing its {@code OAuthException}, a request whose answer writes nothing (a
     * pending poll), outside any transaction; returns when {@link #handle} must decide, which then
     * runs in the token endpoint's transaction exactly as if this had not been called. Called only
     * for bearer requests (no DPoP proof). By default it answers nothing.
     */
    default void answerWithoutWriting(Client client, FormParameters parameters) {}
}
