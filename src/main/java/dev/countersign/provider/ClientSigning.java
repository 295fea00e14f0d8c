package dev.countersign.provider;

import java.util.Optional;

/**
 * The algorithms a client registered for the JWTs it signs.
 *
 * @param tokenEndpointAuth OIDC Dynamic Client Registration 1.0 §2 {@code
 *     token_endpoint_auth_signing_alg}: when present, assertions signed otherwise are refused
 * @param backchannelRequest CIBA Core 1.0 §4 {@code backchannel_authentication_request_signing_alg}:
 *     when present, every authentication request must be signed with it; when absent, the client
 *     sends no signed requests
 */
public record ClientSigning(Optional<JwsAlgorithm> tokenEndpointAuth, Optional<JwsAlgorithm> backchannelRequest) {
    public static final ClientSigning NONE = new ClientSigning(Optional.empty(), Optional.empty());
}
