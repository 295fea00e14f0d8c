package dev.countersign.ciba.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code backchannel_requests}. The {@code auth_req_id} itself is never stored. */
@Entity
@Table(name = "backchannel_requests")
public class BackchannelRequestEntity {
    @Id
    public String id;

    @Column(name = "auth_req_id_hash", nullable = false)
    public String authReqIdHash;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "user_sub", nullable = false)
    public String userSub;

    @Column(nullable = false)
    public String scope;

    @Column(name = "binding_message")
    public String bindingMessage;

    @Column(name = "acr_values")
    public String acrValues;

    @Column(name = "authorization_details")
    public String authorizationDetails;

    @Column(nullable = false)
    public String state;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "interval_seconds", nullable = false)
    public int intervalSeconds;

    @Column(name = "decided_at")
    public Instant decidedAt;

    /** How the user approved (issue 4): the acr for the tokens, if any. */
    @Column(name = "acr")
    public String acr;

    /** How the user approved: RFC 8176 amr values, space-separated, if any. */
    @Column(name = "amr")
    public String amr;

    /** The passkey approval receipt of a high-risk approval. */
    @Column(name = "receipt_id")
    public String receiptId;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "deny_reason")
    public String denyReason;

    /** The client's delivery mode when the request was made: null for poll, else ping or push. */
    @Column(name = "delivery_mode")
    public String deliveryMode;

    /** Ping and push: the auth_req_id and client_notification_token, sealed; null once delivered. */
    @Column(name = "notification_secrets")
    public String notificationSecrets;

    /** SHA-256 of what makes two requests identical (ADR 0005), to collapse duplicates. */
    @Column(name = "request_fingerprint")
    public String requestFingerprint;

    /** Number matching: the three numbers shown to the user, comma-separated; null when off. */
    @Column(name = "number_choices")
    public String numberChoices;

    /** When the request was found to reach no device of the user; null while a device may know. */
    @Column(name = "unreached_at")
    public Instant unreachedAt;
}
