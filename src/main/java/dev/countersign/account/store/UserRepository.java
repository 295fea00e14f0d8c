package dev.countersign.account.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code users} table. Each state change is one conditional update that reports whether it won. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<UserEntity, String> {

    /**
     * Inserts the user now; false when a unique constraint (username or e-mail) refused it. The
     * caller's transaction is then marked for rollback and must end with an error.
     */
    public boolean insertUnique(UserEntity user) {
        try {
            persistAndFlush(user);
            return true;
        } catch (PersistenceException e) {
            return false;
        }
    }

    public Optional<UserEntity> findByUsernameKey(String usernameKey) {
        return find("usernameKey", usernameKey).firstResultOptional();
    }

    /**
     * Users whose sub, lower-cased username or lower-cased e-mail is the hint (at most three). One
     * statement of three indexed lookups joined by {@code union}: H2 answers the same condition
     * written with {@code or} by scanning the whole table, and three separate queries cost three
     * times Hibernate's per-query work on the {@code bc-authorize} path.
     */
    public List<UserEntity> matchingHint(String hint, String hintKey) {
        @SuppressWarnings("unchecked")
        List<UserEntity> rows = getEntityManager()
                .createNativeQuery(
                        "select * from users where sub = :hint union all select * from users where username_key = :key"
                                + " union all select * from users where email_key = :key",
                        UserEntity.class)
                .setParameter("hint", hint)
                .setParameter("key", hintKey)
                .getResultList();
        Map<String, UserEntity> bySub = new LinkedHashMap<>();
        rows.forEach(user -> bySub.putIfAbsent(user.sub, user));
        return List.copyOf(bySub.values());
    }

    /** Whether another user's username or e-mail already has this key (indexed, as above). */
    public boolean usernameTaken(String usernameKey) {
        return keyTaken(usernameKey);
    }

    /** Whether another user's e-mail or username already has this key. */
    public boolean emailTaken(String emailKey) {
        return keyTaken(emailKey);
    }

    private boolean keyTaken(String key) {
        Number count = (Number) getEntityManager()
                .createNativeQuery("select count(*) from (select sub from users where username_key = :key"
                        + " union all select sub from users where email_key = :key) taken")
                .setParameter("key", key)
                .getSingleResult();
        return count.longValue() > 0;
    }

    /**
     * Counts a wrong password unless the account is locked; the failure that reaches {@code max}
     * locks the account until {@code lockUntil} and starts the count again.
     */
    public boolean countFailedLogin(String sub, int max, Instant now, Instant lockUntil) {
        return update(
                        "failedLogins = case when failedLogins + 1 >= :max then 0 else failedLogins + 1 end,"
                                // "else lockedUntil" (null or past, by the where clause) rather than
                                // "else null": PostgreSQL cannot type a CASE of only parameters and nulls.
                                + " lockedUntil = case when failedLogins + 1 >= :max then :until else lockedUntil end"
                                + " where sub = :sub and (lockedUntil is null or lockedUntil <= :now)",
                        Parameters.with("max", max)
                                .and("until", lockUntil)
                                .and("sub", sub)
                                .and("now", now))
                == 1;
    }

    /** Clears the failure count after a correct password, unless the account got locked meanwhile. */
    public boolean resetFailedLogins(String sub, Instant now) {
        return update(
                        "failedLogins = 0, lockedUntil = null"
                                + " where sub = :sub and (lockedUntil is null or lockedUntil <= :now)",
                        Parameters.with("sub", sub).and("now", now))
                == 1;
    }

    /** The operator's unlock: clears the lock and the failure count; false for an unknown sub. */
    public boolean unlock(String sub) {
        return update("failedLogins = 0, lockedUntil = null where sub = ?1", sub) == 1;
    }

    public boolean deleteBySub(String sub) {
        return delete("sub", sub) == 1;
    }
}
