package dev.countersign.approval.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code devices}: a phone (or browser) the user registered for notifications. */
@Entity
@Table(name = "devices")
public class DeviceEntity {
    @Id
    public String id;

    @Column(name = "user_sub", nullable = false)
    public String userSub;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String name;

    @Column(name = "endpoint_hash", nullable = false)
    public String endpointHash;

    /** The sealed push subscription (endpoint and keys). */
    @Column(nullable = false)
    public String subscription;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
