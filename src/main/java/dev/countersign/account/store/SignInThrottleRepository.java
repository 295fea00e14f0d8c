package dev.countersign.account.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Fixed-window counts of wrong passwords per client address. Counting is one conditional update of
 * the address's row, so concurrent failures on any instance are all counted.
 */
@ApplicationScoped
public class SignInThrottleRepository implements PanacheRepositoryBase<SignInThrottleEntity, String> {

    /**
     * Counts one failure in the address's current window, or starts a window ending at {@code end}
     * when the last one has ended.
     *
     * @return false when the address has no row yet
     */
    public boolean countFailure(String addressHash, Instant now, Instant end) {
        return update(
                        "failures = case when windowEnd > :now then failures + 1 else 1 end,"
                                + " windowEnd = case when windowEnd > :now then windowEnd else :end end"
                                + " where addressHash = :hash",
                        Parameters.with("now", now).and("end", end).and("hash", addressHash))
                == 1;
    }

    /** Stores the address's first failure; fails with a key conflict when another request stored it first. */
    public void insertFirst(String addressHash, Instant end) {
        SignInThrottleEntity row = new SignInThrottleEntity();
        row.addressHash = addressHash;
        row.windowEnd = end;
        row.failures = 1;
        persist(row);
        flush();
    }

    /** Deletes the windows that ended before {@code now}: they count nothing. */
    public long deleteEndedBefore(Instant now) {
        return delete("windowEnd <= ?1", now);
    }
}
