package dev.countersign.approval.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One row of {@code approval_receipts}: the passkey assertion that approved a high-risk request,
 * binary fields base64url as the browser sent them.
 */
@Entity
@Table(name = "approval_receipts")
public class ApprovalReceiptEntity {
    @Id
    public String id;

    @Column(name = "request_id", nullable = false)
    public String requestId;

    @Column(name = "user_sub", nullable = false)
    public String userSub;

    @Column(name = "credential_id", nullable = false)
    public String credentialId;

    @Column(name = "authenticator_data", nullable = false)
    public String authenticatorData;

    @Column(name = "client_data_json", nullable = false)
    public String clientDataJson;

    @Column(nullable = false)
    public String signature;

    @Column(name = "display_hash", nullable = false)
    public String displayHash;

    @Column(nullable = false)
    public String nonce;

    /** The canonical JSON of what the user was shown; its SHA-256 is the display hash. */
    @Column(nullable = false)
    public String shown;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
