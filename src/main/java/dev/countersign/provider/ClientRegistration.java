package dev.countersign.provider;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Validated RFC 7591 §2 client metadata, ready to store; produced only by {@link
 * ClientMetadataValidator}.
 *
 * @param notificationEndpoint {@code backchannel_client_notification_endpoint}, for ping and push
 * @param jwks the client's JWK Set (RFC 7517 §5) as compact JSON
 * @param resources the RFC 8707 resource indicators the client may name as its tokens' audience
 * @param dpopBoundAccessTokens RFC 9449 §5.2 {@code dpop_bound_access_tokens}
 * @param numberMatching {@code countersign_number_matching} (an RFC 7591 §2 extension member)
 */
public record ClientRegistration(
        String clientName,
        TokenEndpointAuthMethod authMethod,
        Set<String> grantTypes,
        Set<String> scopes,
        TokenDeliveryMode deliveryMode,
        Optional<URI> notificationEndpoint,
        Optional<String> jwks,
        Optional<URI> jwksUri,
        Set<String> authorizationDetailsTypes,
        ClientSigning signing,
        Set<String> resources,
        boolean dpopBoundAccessTokens,
        boolean numberMatching) {

    /** A registration that names no RFC 8707 resources and does not require DPoP (RFC 9449 §5.2 default). */
    public ClientRegistration(
            String clientName,
            TokenEndpointAuthMethod authMethod,
            Set<String> grantTypes,
            Set<String> scopes,
            TokenDeliveryMode deliveryMode,
            Optional<URI> notificationEndpoint,
            Optional<String> jwks,
            Optional<URI> jwksUri,
            Set<String> authorizationDetailsTypes,
            ClientSigning signing) {
        this(
                clientName,
                authMethod,
                grantTypes,
                scopes,
                deliveryMode,
                notificationEndpoint,
                jwks,
                jwksUri,
                authorizationDetailsTypes,
                signing,
                Set.of(),
                false,
                false);
    }
}
