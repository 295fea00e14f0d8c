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
 * @param resources the RFC 8707 resource indicators it may name as the audience of its tokens
 * @param signing the algorithms it registered for the JWTs it signs
 * @param dpopBoundAccessTokens RFC 9449 §5.2: the client always uses DPoP for token requests
 * @param numberMatching {@code countersign_number_matching}: every backchannel request of this client
 *     needs number matching on the phone
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
        ClientSigning signing,
        Instant createdAt,
        Set<String> resources,
        boolean dpopBoundAccessTokens,
        boolean numberMatching) {

    public static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";
    /** RFC 6749 §4.4. */
    public static final String CLIENT_CREDENTIALS_GRANT = "client_credentials";
    /** RFC 6749 §6. */
    public static final String REFRESH_TOKEN_GRANT = "refresh_token";
    /** OpenID Connect Core §11: the scope value that asks for a refresh token. */
    public static final String OFFLINE_ACCESS = "offline_access";

    /**
     * A client registered before resource indicators and DPoP existed: it may name no resource and
     * does not require DPoP ({@code dpop_bound_access_tokens} false, RFC 9449 §5.2).
     */
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
            ClientSigning signing,
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
                signing,
                createdAt,
                Set.of(),
                false,
                false);
    }

    public boolean mayUseGrant(String grantType) {
        return grantTypes.contains(grantType);
    }

    /**
     * Whether this client may hold refresh tokens: it registered both the {@code offline_access}
     * scope and the {@code refresh_token} grant.
     */
    public boolean mayHoldRefreshTokens() {
        return scopes.contains(OFFLINE_ACCESS) && grantTypes.contains(REFRESH_TOKEN_GRANT);
    }
}
