package dev.countersign.provider.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The {@code jti}s of access tokens revoked before their {@code exp}. */
@ApplicationScoped
public class RevokedAccessTokenRepository implements PanacheRepositoryBase<RevokedAccessTokenEntity, String> {

    public boolean isRevoked(String jti) {
        return count("jti", jti) > 0;
    }

    /** Records the revocation; false when the token was already revoked. */
    public boolean revoke(String jti, String clientId, Instant now, Instant expiresAt) {
        if (isRevoked(jti)) {
            return false;
        }
        RevokedAccessTokenEntity entity = new RevokedAccessTokenEntity();
        entity.jti = jti;
        entity.clientId = clientId;
        entity.revokedAt = now;
        entity.expiresAt = expiresAt;
        persist(entity);
        return true;
    }

    /** Removes records of tokens that expired before {@code before}: they are dead anyway. */
    public long deleteExpiredBefore(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
