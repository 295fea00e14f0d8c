package dev.countersign.audit;

/**
 * The append-only, hash-chained audit trail. {@link #record} joins the caller's transaction, so an
 * event is stored if and only if the change it describes is.
 */
public interface AuditLog {
    void record(AuditEvent event);
}
