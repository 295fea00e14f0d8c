package dev.countersign.provider.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** The refresh token families (one per original grant). Revocation is one conditional update. */
@ApplicationScoped
public class RefreshTokenFamilyRepository implements PanacheRepositoryBase<RefreshTokenFamilyEntity, String> {

    public void add(RefreshTokenFamilyEntity family) {
        persist(family);
    }

    public Optional<RefreshTokenFamilyEntity> byId(String id) {
        return findByIdOptional(id);
    }

    /** Revokes the family; false when it was already revoked. */
    public boolean revoke(String id, Instant now) {
        return update(
                        "revokedAt = :now where id = :id and revokedAt is null",
                        Parameters.with("now", now).and("id", id))
                == 1;
    }

    /** Removes families whose absolute lifetime ended before {@code before}. */
    public long deleteExpiredBefore(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
