package dev.countersign.provider.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The refresh tokens, by hash. Redeeming one is a single conditional update ({@code ACTIVE → USED}),
 * so that of any number of concurrent uses of one refresh token exactly one wins.
 */
@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshTokenEntity, String> {

    public void add(RefreshTokenEntity token) {
        persist(token);
    }

    public Optional<RefreshTokenEntity> byHash(String hash) {
        return findByIdOptional(hash);
    }

    /** {@code ACTIVE → USED} before its idle expiry; false when another use won or it expired. */
    public boolean markUsed(String hash, Instant now) {
        return update(
                        "state = 'USED', usedAt = :now where tokenHash = :hash and state = 'ACTIVE'"
                                + " and expiresAt > :now",
                        Parameters.with("now", now).and("hash", hash))
                == 1;
    }

    /** The access tokens issued with the family's refresh tokens that have not expired yet. */
    public List<RefreshTokenEntity> withLiveAccessTokens(String familyId, Instant now) {
        return list("familyId = ?1 and accessJti is not null and accessExpiresAt > ?2", familyId, now);
    }

    /** Removes tokens whose idle lifetime ended before {@code before}. */
    public long deleteExpiredBefore(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
