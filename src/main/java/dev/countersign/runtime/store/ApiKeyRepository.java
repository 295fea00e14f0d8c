package dev.countersign.runtime.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Agents' API keys, found by the hash of the presented key. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKeyEntity, String> {
    public Optional<ApiKeyEntity> byHash(String keyHash) {
        return find("keyHash", keyHash).firstResultOptional();
    }

    public List<ApiKeyEntity> all() {
        return listAll(Sort.descending("createdAt"));
    }

    /** Revokes a live key; returns whether this call revoked it. */
    public boolean revoke(String id, Instant now) {
        return update(
                        "revokedAt = :now where id = :id and revokedAt is null",
                        Parameters.with("now", now).and("id", id))
                == 1;
    }

    /** Records a use unless one was recorded after {@code notBefore} (at most one write per key a minute). */
    public boolean recordUse(String id, Instant now, Instant notBefore) {
        return update(
                        "lastUsedAt = :now where id = :id and (lastUsedAt is null or lastUsedAt < :notBefore)",
                        Parameters.with("now", now).and("id", id).and("notBefore", notBefore))
                == 1;
    }
}
