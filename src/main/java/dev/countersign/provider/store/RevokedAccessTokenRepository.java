package dev.countersign.provider.store;

import dev.countersign.common.store.SingleUseMarks;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code jti}s of access tokens revoked before their {@code exp}. */
@ApplicationScoped
public class RevokedAccessTokenRepository implements PanacheRepositoryBase<RevokedAccessTokenEntity, String> {
    private final SingleUseMarks marks;

    public RevokedAccessTokenRepository(SingleUseMarks marks) {
        this.marks = marks;
    }

    public boolean isRevoked(String jti) {
        return count("jti", jti) > 0;
    }

    /**
     * Records the revocation; false when the token was already revoked. Two simultaneous
     * revocations of one token both succeed, and exactly one of them reports it as new
     * ({@link SingleUseMarks}: an insert that skips an existing key instead of failing the
     * transaction).
     */
    public boolean revoke(String jti, String clientId, Instant now, Instant expiresAt) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("client_id", clientId);
        columns.put("revoked_at", now);
        return marks.markOnce("revoked_access_tokens", "jti", jti, expiresAt, columns);
    }

    /** Removes records of tokens that expired before {@code before}: they are dead anyway. */
    public long deleteExpiredBefore(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
