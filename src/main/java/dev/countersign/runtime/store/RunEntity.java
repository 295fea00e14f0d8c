package dev.countersign.runtime.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code runtime_runs}: an agent's run of an action for a user. */
@Entity
@Table(name = "runtime_runs")
public class RunEntity {
    @Id
    public String id;

    @Column(nullable = false)
    public String agent;

    @Column(nullable = false)
    public String action;

    @Column(name = "user_name", nullable = false)
    public String userName;

    @Column(nullable = false)
    public String params;

    @Column(nullable = false)
    public String mode;

    @Column(nullable = false)
    public String status;

    public String reason;

    @Column(name = "binding_message")
    public String bindingMessage;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "request_hash", nullable = false)
    public String requestHash;

    @Column(name = "callback_url")
    public String callbackUrl;

    @Column(name = "target_method", nullable = false)
    public String targetMethod;

    @Column(name = "target_url", nullable = false)
    public String targetUrl;

    @Column(name = "timeout_millis", nullable = false)
    public long timeoutMillis;

    @Column(name = "max_response_bytes", nullable = false)
    public int maxResponseBytes;

    @Column(name = "auth_req_id_hash")
    public String authReqIdHash;

    /** The provider's auth_req_id sealed with SecretBox; never in clear. */
    @Column(name = "auth_req_id_sealed")
    public String authReqIdSealed;

    /** The HMAC of the client_notification_token sent with the run's request (ping mode); never in clear. */
    @Column(name = "notification_token_hash")
    public String notificationTokenHash;

    @Column(name = "interval_seconds", nullable = false)
    public int intervalSeconds;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "next_poll_at")
    public Instant nextPollAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "target_status")
    public Integer targetStatus;

    @Column(name = "target_headers")
    public String targetHeaders;

    @Column(name = "target_body")
    public String targetBody;

    /** A token response for mode=token, sealed with SecretBox until the agent has read it once. */
    @Column(name = "token_sealed")
    public String tokenSealed;
}
