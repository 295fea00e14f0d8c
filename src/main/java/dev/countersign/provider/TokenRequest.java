package dev.countersign.provider;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@link TokenIssuer} needs to mint an access token and an ID token for a user who
 * authenticated and approved.
 *
 * @param authorizationDetails the RFC 9396 JSON array as approved, if any
 * @param authTime when the user authenticated (the decision time)
 * @param acr the authentication context class reference, if known
 * @param amr authentication methods references (RFC 8176), possibly empty
 * @param senderConstraint how the access token is bound to the client's key (RFC 9449 §6.1)
 */
public record TokenRequest(
        Client client,
        String userSub,
        Set<String> scopes,
        Optional<String> authorizationDetails,
        Instant authTime,
        Optional<String> acr,
        List<String> amr,
        SenderConstraint senderConstraint) {

    /**
     * A request for bearer tokens, for tokens minted outside a token request (e.g. pushed to the
     * client), where no DPoP proof can accompany them.
     */
    public TokenRequest(
            Client client,
            String userSub,
            Set<String> scopes,
            Optional<String> authorizationDetails,
            Instant authTime,
            Optional<String> acr,
            List<String> amr) {
        this(client, userSub, scopes, authorizationDetails, authTime, acr, amr, SenderConstraint.NONE);
    }
}
