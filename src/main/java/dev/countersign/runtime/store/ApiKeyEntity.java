package dev.countersign.runtime.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code runtime_api_keys}: an agent's API key, stored as its HMAC only. */
@Entity
@Table(name = "runtime_api_keys")
public class ApiKeyEntity {
    @Id
    public String id;

    @Column(name = "key_hash", nullable = false)
    public String keyHash;

    @Column(nullable = false)
    public String prefix;

    @Column(nullable = false)
    public String agent;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
