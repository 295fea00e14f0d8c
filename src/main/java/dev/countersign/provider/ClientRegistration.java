package dev.countersign.provider;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Validated RFC 7591 §2 client metadata, ready to store; produced only by {@link
 * ClientMetadataValidator}.
 *
 * @param jwks the client's JWK Set (RFC 7517 §5) as compact JSON
 * @param dpopBoundAccessTokens RFC 9449 §5.2 {@code dpop_bound_access_tokens}
 */
public record ClientRegistration(
        String clientName,
        TokenEndpointAuthMethod authMethod,
        Set<String> grantTypes,
        Set<String> scopes,
        TokenDeliveryMode deliveryMode,
        Optional<String> jwks,
        Optional<URI> jwksUri,
        Set<String> authorizationDetailsTypes,
        boolean dpopBoundAccessTokens) {

    /** A registration without {@code dpop_bound_access_tokens} (RFC 9449 §5.2: "the default value is false"). */
    public ClientRegistration(
            String clientName,
            TokenEndpointAuthMethod authMethod,
            Set<String> grantTypes,
            Set<String> scopes,
            TokenDeliveryMode deliveryMode,
            Optional<String> jwks,
            Optional<URI> jwksUri,
            Set<String> authorizationDetailsTypes) {
        this(clientName, authMethod, grantTypes, scopes, deliveryMode, jwks, jwksUri, authorizationDetailsTypes, false);
    }
}
