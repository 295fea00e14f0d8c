package dev.countersign.account.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code passkeys}: one WebAuthn credential of a user. */
@Entity
@Table(name = "passkeys")
public class PasskeyEntity {
    @Id
    @Column(name = "id")
    public String id;

    @Column(name = "credential_id", nullable = false)
    public String credentialId;

    @Column(name = "user_sub", nullable = false)
    public String userSub;

    @Column(name = "name", nullable = false)
    public String name;

    @Column(name = "aaguid", nullable = false)
    public String aaguid;

    @Column(name = "public_key", nullable = false)
    public String publicKey;

    @Column(name = "public_key_alg", nullable = false)
    public long publicKeyAlg;

    @Column(name = "sign_count", nullable = false)
    public long signCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
