package dev.countersign.approval.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The one row of {@code webpush_keys}: the VAPID key pair, its private key sealed. */
@Entity
@Table(name = "webpush_keys")
public class WebPushKeyEntity {
    @Id
    public String id;

    @Column(name = "public_key", nullable = false)
    public String publicKey;

    @Column(name = "private_key", nullable = false)
    public String privateKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
