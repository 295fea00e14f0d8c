package dev.countersign.provider.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import org.hibernate.exception.ConstraintViolationException;

/** The used JWT IDs; the primary key makes the first use win on every instance sharing the database. */
@ApplicationScoped
public class UsedJwtIdRepository implements PanacheRepositoryBase<UsedJwtIdEntity, String> {

    /**
     * Records the first use of a JWT ID in a transaction of its own, committed before the caller
     * goes on, so that the use counts even when the caller's request fails later, and so that a
     * duplicate key (which aborts a PostgreSQL transaction) never touches the caller's transaction.
     *
     * @return true when this call recorded it, false when it had been used before
     */
    public boolean recordFirstUse(String idHash, Instant expiresAt) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                UsedJwtIdEntity row = new UsedJwtIdEntity();
                row.idHash = idHash;
                row.expiresAt = expiresAt;
                persist(row);
                flush();
            });
            return true;
        } catch (PersistenceException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes the IDs of JWTs that expired before the instant; returns how many. */
    public long deleteExpiredBefore(Instant instant) {
        return delete("expiresAt < ?1", instant);
    }

    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
