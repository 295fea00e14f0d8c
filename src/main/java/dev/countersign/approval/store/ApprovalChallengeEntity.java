package dev.countersign.approval.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code approval_challenges}: a single-use nonce for a high-risk approval. */
@Entity
@Table(name = "approval_challenges")
public class ApprovalChallengeEntity {
    /** The nonce (base64url); the WebAuthn challenge is SHA-256(display_hash || nonce). */
    @Id
    public String id;

    @Column(name = "request_id", nullable = false)
    public String requestId;

    @Column(name = "user_sub", nullable = false)
    public String userSub;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
