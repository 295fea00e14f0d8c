package dev.countersign.provider.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A DPoP proof seen at this provider, kept until it could no longer be accepted (RFC 9449 §11.1), by
 * the HMAC of its key thumbprint and {@code jti} only.
 */
@Entity
@Table(name = "dpop_proofs")
public class DpopProofEntity {
    @Id
    @Column(name = "jti_hash")
    public String jtiHash;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
