package dev.countersign.provider.store;

import dev.countersign.common.store.SingleUseMarks;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The used JWT IDs; the primary key makes the first use win on every instance sharing the database. */
@ApplicationScoped
public class UsedJwtIdRepository implements PanacheRepositoryBase<UsedJwtIdEntity, String> {
    private final SingleUseMarks marks;

    public UsedJwtIdRepository(SingleUseMarks marks) {
        this.marks = marks;
    }

    /**
     * Records the first use of a JWT ID in the caller's transaction ({@link SingleUseMarks}: behind
     * a savepoint, one connection); concurrent uses on any number of instances meet the primary key.
     *
     * @return true when this call recorded it, false when it had been used before
     */
    public boolean recordFirstUse(String idHash, Instant expiresAt) {
        return marks.markOnce("used_jwt_ids", "id_hash", idHash, expiresAt);
    }

    /** Deletes the IDs of JWTs that expired before the instant; returns how many. */
    public long deleteExpiredBefore(Instant instant) {
        return delete("expiresAt < ?1", instant);
    }
}
