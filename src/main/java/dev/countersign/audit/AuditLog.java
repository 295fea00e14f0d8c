package dev.countersign.audit;

import java.util.List;

/**
 * The append-only, hash-chained audit trail. {@link #record} joins the caller's transaction, so an
 * event is stored if and only if the change it describes is.
 */
public interface AuditLog {
    void record(AuditEvent event);

    /**
     * Records events already linked into the hash chain, in the caller's transaction, which holds
     * the chain's head until it ends: for short transactions that store nothing else.
     */
    void recordSealed(List<AuditEvent> events);
}
