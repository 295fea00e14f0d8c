package dev.countersign.provider.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code revoked_access_tokens}: an access token's {@code jti}, dead until its {@code exp}. */
@Entity
@Table(name = "revoked_access_tokens")
public class RevokedAccessTokenEntity {
    @Id
    public String jti;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "revoked_at", nullable = false)
    public Instant revokedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
