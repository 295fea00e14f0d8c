package dev.countersign.provider.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A registered client as stored. Multi-valued metadata is stored space-separated ({@code grant_types},
 * {@code scope}) or as a JSON array ({@code authorization_details_types}, whose values may contain
 * spaces).
 */
@Entity
@Table(name = "clients")
public class ClientEntity {
    @Id
    @Column(name = "client_id")
    public String clientId;

    @Column(name = "secret_hash")
    public String secretHash;

    /** Only for client_secret_jwt: the secret sealed with AES-256-GCM (ADR 0004). */
    @Column(name = "secret_encrypted")
    public String secretEncrypted;

    @Column(name = "token_endpoint_auth_signing_alg")
    public String tokenEndpointAuthSigningAlg;

    @Column(name = "request_signing_alg")
    public String requestSigningAlg;

    @Column(name = "client_name", nullable = false)
    public String clientName;

    @Column(name = "token_endpoint_auth_method", nullable = false)
    public String tokenEndpointAuthMethod;

    @Column(name = "grant_types", nullable = false)
    public String grantTypes;

    @Column(nullable = false)
    public String scope;

    @Column(name = "delivery_mode", nullable = false)
    public String deliveryMode;

    @Column(name = "notification_endpoint")
    public String notificationEndpoint;

    public String jwks;

    @Column(name = "jwks_uri")
    public String jwksUri;

    @Column(name = "authorization_details_types", nullable = false)
    public String authorizationDetailsTypes;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** RFC 8707 resources the client may name as its tokens' audience, space-separated, or null. */
    public String resources;

    @Column(name = "dpop_bound_access_tokens", nullable = false)
    public boolean dpopBoundAccessTokens;

    /** countersign_number_matching: every request of this client needs number matching. */
    @Column(name = "number_matching", nullable = false)
    public boolean numberMatching;
}
