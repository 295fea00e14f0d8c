package dev.countersign.provider;

import dev.countersign.common.FormParameters;

/**
 * One grant type of the token endpoint (RFC 6749 §4.5). The endpoint authenticates the client,
 * then hands the parameters to the handler whose {@link #grantType()} matches {@code grant_type}.
 */
public interface GrantHandler {
    /** The {@code grant_type} value this handler serves. */
    String grantType();

    /** Validates the grant and issues tokens, or throws an {@code OAuthException}. */
    TokenResponse handle(Client client, FormParameters parameters);
}
