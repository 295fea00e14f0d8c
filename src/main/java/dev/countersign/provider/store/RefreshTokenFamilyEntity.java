package dev.countersign.provider.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code refresh_token_families}: the grant a chain of rotated refresh tokens carries. */
@Entity
@Table(name = "refresh_token_families")
public class RefreshTokenFamilyEntity {
    @Id
    public String id;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "user_sub", nullable = false)
    public String userSub;

    @Column(nullable = false)
    public String scope;

    @Column(name = "authorization_details")
    public String authorizationDetails;

    @Column(name = "auth_time", nullable = false)
    public Instant authTime;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** The RFC 7638 thumbprint of the DPoP key the family is bound to (RFC 9449 §5), or null. */
    @Column(name = "dpop_jkt")
    public String dpopJkt;
}
