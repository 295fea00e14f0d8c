package dev.countersign.ciba.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code delivery_jobs}: the notification of one request's result to its client. */
@Entity
@Table(name = "delivery_jobs")
public class DeliveryJobEntity {
    @Id
    public String id;

    @Column(name = "request_id", nullable = false)
    public String requestId;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "user_sub", nullable = false)
    public String userSub;

    @Column(nullable = false)
    public String mode;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String endpoint;

    /** The sealed body and bearer token; null once delivered. */
    public String payload;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "last_error")
    public String lastError;
}
