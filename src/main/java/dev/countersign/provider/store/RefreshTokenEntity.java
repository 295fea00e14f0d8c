package dev.countersign.provider.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code refresh_tokens}. The refresh token itself is never stored, only its hash. */
@Entity
@Table(name = "refresh_tokens")
public class RefreshTokenEntity {
    public static final String ACTIVE = "ACTIVE";
    public static final String USED = "USED";

    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "family_id", nullable = false)
    public String familyId;

    @Column(nullable = false)
    public String state;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "access_jti")
    public String accessJti;

    @Column(name = "access_expires_at")
    public Instant accessExpiresAt;
}
