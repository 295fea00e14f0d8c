package dev.countersign.provider.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A JWT ID already used by a client, as the HMAC of client id and {@code jti}, kept until the JWT expires. */
@Entity
@Table(name = "used_jwt_ids")
public class UsedJwtIdEntity {
    @Id
    @Column(name = "id_hash")
    public String idHash;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
