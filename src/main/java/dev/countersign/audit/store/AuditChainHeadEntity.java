package dev.countersign.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The single row of {@code audit_chain_head}: the last sealed position and hash. */
@Entity
@Table(name = "audit_chain_head")
public class AuditChainHeadEntity {
    public static final int ID = 1;

    @Id
    public Integer id;

    @Column(name = "last_seq", nullable = false)
    public long lastSeq;

    @Column(name = "last_hash", nullable = false)
    public String lastHash;
}
