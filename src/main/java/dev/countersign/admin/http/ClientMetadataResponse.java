package dev.countersign.admin.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.countersign.provider.Client;
import java.net.URI;
import java.util.List;

/**
 * A registered client as RFC 7591 §3.2.1 answers it: the stored metadata plus {@code client_id},
 * {@code client_id_issued_at} and, only on registration, {@code client_secret} with
 * {@code client_secret_expires_at} 0 (it does not expire).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientMetadataResponse(
        @JsonProperty("client_id") String clientId,
        @JsonProperty("client_secret") String clientSecret,
        @JsonProperty("client_id_issued_at") long clientIdIssuedAt,
        @JsonProperty("client_secret_expires_at") Long clientSecretExpiresAt,
        @JsonProperty("client_name") String clientName,
        @JsonProperty("token_endpoint_auth_method") String tokenEndpointAuthMethod,
        @JsonProperty("grant_types") List<String> grantTypes,
        @JsonProperty("scope") String scope,
        @JsonProperty("backchannel_token_delivery_mode") String backchannelTokenDeliveryMode,

        @JsonProperty("backchannel_client_notification_endpoint")
        URI backchannelClientNotificationEndpoint,

        @JsonProperty("jwks") @JsonRawValue String jwks,
        @JsonProperty("jwks_uri") URI jwksUri,
        @JsonProperty("authorization_details_types") List<String> authorizationDetailsTypes,
        @JsonProperty("resource_indicators") List<String> resourceIndicators,
        @JsonProperty("token_endpoint_auth_signing_alg") String tokenEndpointAuthSigningAlg,

        @JsonProperty("backchannel_authentication_request_signing_alg")
        String backchannelAuthenticationRequestSigningAlg,

        @JsonProperty("dpop_bound_access_tokens") boolean dpopBoundAccessTokens,
        @JsonProperty("countersign_number_matching") boolean numberMatching) {

    static ClientMetadataResponse registered(Client client, String secret) {
        // RFC 7591 §3.2.1: client_secret_expires_at is "REQUIRED if "client_secret" is issued".
        return of(client, secret, secret == null ? null : 0L);
    }

    static ClientMetadataResponse stored(Client client) {
        return of(client, null, null);
    }

    private static ClientMetadataResponse of(Client client, String secret, Long secretExpiresAt) {
        return new ClientMetadataResponse(
                client.clientId(),
                secret,
                client.createdAt().getEpochSecond(),
                secretExpiresAt,
                client.clientName(),
                client.authMethod().wire(),
                List.copyOf(client.grantTypes()),
                String.join(" ", client.scopes()),
                client.deliveryMode().wire(),
                client.notificationEndpoint().orElse(null),
                client.jwks().orElse(null),
                client.jwksUri().orElse(null),
                List.copyOf(client.authorizationDetailsTypes()),
                client.resources().isEmpty() ? null : List.copyOf(client.resources()),
                client.signing().tokenEndpointAuth().map(Enum::name).orElse(null),
                client.signing().backchannelRequest().map(Enum::name).orElse(null),
                client.dpopBoundAccessTokens(),
                client.numberMatching());
    }

    @Override
    public String toString() {
        return "ClientMetadataResponse[" + clientId + "]";
    }
}
