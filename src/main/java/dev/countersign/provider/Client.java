package dev.countersign.provider;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A registered OAuth client (an agent), with its RFC 7591 metadata. Never carries its secret.
 *
 * @param grantTypes the grant types it may use, e.g. {@code urn:openid:params:grant-type:ciba}
 * @param scopes the scope values it may request
 * @param authorizationDetailsTypes the RFC 9396 {@code type} values it may request
 * @param dpopBoundAccessTokens RFC 9449 §5.2: the client always uses DPoP for token requests
 */
public record Client(
        String clientId,
        String clientName,
        TokenEndpointAuthMethod authMethod,
        Set<String> grantTypes,
        Set<String> scopes,
        TokenDeliveryMode deliveryMode,
        Optional<URI> notificationEndpoint,
        Optional<String> jwks,
        Optional<URI> jwksUri,
        Set<String> authorizationDetailsTypes,
        Instant createdAt,
        boolean dpopBoundAccessTokens) {

    public static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";

    /** A client that does not require DPoP ({@code dpop_bound_access_tokens} false, RFC 9449 §5.2). */
    public Client(
            String clientId,
            String clientName,
            TokenEndpointAuthMethod authMethod,
            Set<String> grantTypes,
            Set<String> scopes,
            TokenDeliveryMode deliveryMode,
            Optional<URI> notificationEndpoint,
            Optional<String> jwks,
            Optional<URI> jwksUri,
            Set<String> authorizationDetailsTypes,
            Instant createdAt) {
        this(
                clientId,
                clientName,
                authMethod,
                grantTypes,
                scopes,
                deliveryMode,
                notificationEndpoint,
                jwks,
                jwksUri,
                authorizationDetailsTypes,
                createdAt,
                false);
    }

    public boolean mayUseGrant(String grantType) {
        return grantTypes.contains(grantType);
    }
}
