package dev.countersign.provider.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The DPoP proofs seen (RFC 9449 §11.1 replay detection). The primary key on {@code jti_hash} is what
 * refuses a replay, on one instance or on several sharing a database.
 */
@ApplicationScoped
public class DpopProofRepository implements PanacheRepositoryBase<DpopProofEntity, String> {
    /** SQLSTATE of a unique or primary key violation, on H2 and on PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * Records the first use of a proof in a transaction of its own, committed whatever becomes of the
     * request that presented it; returns {@code false} when the proof was recorded before.
     */
    public boolean recordFirstUse(String jtiHash, Instant expiresAt) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                // A plain replay is answered without a failed insert; a concurrent one meets the key.
                if (count("jtiHash", jtiHash) > 0) {
                    return false;
                }
                DpopProofEntity proof = new DpopProofEntity();
                proof.jtiHash = jtiHash;
                proof.expiresAt = expiresAt;
                persist(proof);
                flush();
                return true;
            });
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes the proofs that can no longer be accepted; returns how many. */
    public long deleteExpiredBefore(Instant now) {
        return delete("expiresAt < ?1", now);
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (cause instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
