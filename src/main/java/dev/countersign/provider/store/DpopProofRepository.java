package dev.countersign.provider.store;

import dev.countersign.common.store.SingleUseMarks;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The DPoP proofs seen (RFC 9449 §11.1 replay detection). The primary key on {@code jti_hash} is what
 * refuses a replay, on one instance or on several sharing a database.
 */
@ApplicationScoped
public class DpopProofRepository implements PanacheRepositoryBase<DpopProofEntity, String> {
    private final SingleUseMarks marks;

    public DpopProofRepository(SingleUseMarks marks) {
        this.marks = marks;
    }

    /**
     * Records the first use of a proof in the caller's transaction ({@link SingleUseMarks}: behind a
     * savepoint, one connection); returns {@code false} when the proof was recorded before.
     */
    public boolean recordFirstUse(String jtiHash, Instant expiresAt) {
        return marks.markOnce("dpop_proofs", "jti_hash", jtiHash, expiresAt);
    }

    /** Deletes the proofs that can no longer be accepted; returns how many. */
    public long deleteExpiredBefore(Instant now) {
        return delete("expiresAt < ?1", now);
    }
}
