package dev.countersign.provider.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored signing key: its public JWK and its private key encrypted at rest. */
@Entity
@Table(name = "signing_keys")
public class SigningKeyEntity {
    @Id
    public String kid;

    @Column(nullable = false)
    public String alg;

    @Column(name = "public_jwk", nullable = false)
    public String publicJwk;

    @Column(name = "private_key_encrypted", nullable = false)
    public String privateKeyEncrypted;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "activates_at", nullable = false)
    public Instant activatesAt;
}
