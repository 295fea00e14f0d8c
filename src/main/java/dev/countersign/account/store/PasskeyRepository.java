package dev.countersign.account.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code passkeys} table. Each state change is one conditional update that reports whether it won. */
@ApplicationScoped
public class PasskeyRepository implements PanacheRepositoryBase<PasskeyEntity, String> {

    /** Inserts the passkey now; false when its credential id is already registered. */
    public boolean insertUnique(PasskeyEntity passkey) {
        try {
            persistAndFlush(passkey);
            return true;
        } catch (PersistenceException e) {
            return false;
        }
    }

    public Optional<PasskeyEntity> findByCredentialId(String credentialId) {
        return find("credentialId", credentialId).firstResultOptional();
    }

    public List<PasskeyEntity> listOf(String userSub) {
        return list("userSub = ?1 order by createdAt", userSub);
    }

    /**
     * Records a successful assertion: the new signature counter and the time. The counter
     * never moves back (WebAuthn Level 2 §6.1.1: authenticators that keep no counter send 0 forever); false
     * when the presented counter is lower than the stored one, a sign of a cloned authenticator.
     */
    public boolean markUsed(String credentialId, long signCount, Instant now) {
        return update(
                        "signCount = ?1, lastUsedAt = ?2 where credentialId = ?3 and signCount <= ?1",
                        signCount,
                        now,
                        credentialId)
                == 1;
    }

    public boolean rename(String userSub, String id, String name) {
        return update("name = ?1 where id = ?2 and userSub = ?3", name, id, userSub) == 1;
    }

    public boolean deleteOf(String userSub, String id) {
        return delete("id = ?1 and userSub = ?2", id, userSub) == 1;
    }

    public long deleteAllOf(String userSub) {
        return delete("userSub", userSub);
    }
}
