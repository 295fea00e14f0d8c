package dev.countersign.approval.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code notification_jobs}: one request announced through one channel to one target. */
@Entity
@Table(name = "notification_jobs")
public class NotificationJobEntity {
    @Id
    public String id;

    @Column(nullable = false)
    public String channel;

    @Column(name = "request_id", nullable = false)
    public String requestId;

    @Column(name = "user_sub", nullable = false)
    public String userSub;

    /** The device id, or the channel's fixed target (the webhook). */
    @Column(nullable = false)
    public String target;

    /** The sealed message; null once sent. */
    public String payload;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the request expires: a notification after that is pointless. */
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "last_error")
    public String lastError;
}
