package dev.countersign.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code audit_events}: written unsealed ({@code chainSeq} null) with the change it
 * describes, then sealed into the hash chain.
 */
@Entity
@Table(name = "audit_events")
public class AuditEventEntity {
    @Id
    public String id;

    /** Filled by the database on insert; orders events that share an instant. */
    @Column(name = "recorded_seq", insertable = false, updatable = false)
    public Long recordedSeq;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String outcome;

    public String actor;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "user_sub")
    public String userSub;

    public String subject;

    public String detail;

    @Column(name = "chain_seq")
    public Long chainSeq;

    @Column(name = "prev_hash")
    public String prevHash;

    public String hash;
}
