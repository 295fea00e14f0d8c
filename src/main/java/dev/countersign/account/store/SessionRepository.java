package dev.countersign.account.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** The {@code sessions} table; session ids and CSRF tokens are only ever seen here as hashes. */
@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<SessionEntity, String> {

    /** The session with this id hash, unless it has expired. */
    public Optional<SessionEntity> findLive(String idHash, Instant now) {
        return find("idHash = ?1 and expiresAt > ?2", idHash, now).firstResultOptional();
    }

    public boolean deleteByIdHash(String idHash) {
        return delete("idHash", idHash) == 1;
    }

    public long deleteAllOf(String userSub) {
        return delete("userSub", userSub);
    }

    public long deleteExpired(Instant now) {
        return delete("expiresAt <= ?1", now);
    }
}
