package dev.countersign.account.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/** The {@code users} table. Each state change is one conditional update that reports whether it won. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<UserEntity, String> {
    private static final String MATCHING_HINT = "select sub, username, email, name, created_at from users where sub = ?"
            + " union all select sub, username, email, name, created_at from users where username_key = ?"
            + " union all select sub, username, email, name, created_at from users where email_key = ?";

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
     * Users whose sub, lower-cased username or lower-cased e-mail is the hint (at most three), with
     * only the fields a login hint needs, as detached entities: changing one changes nothing stored.
     * One statement of three indexed lookups joined by {@code union}: H2 answers the same condition
     * written with {@code or} by scanning the whole table. A prepared statement on the transaction's
     * connection: it runs on every {@code bc-authorize}, and a Hibernate query added its translation,
     * entity loading and persistence-context work to the read (a tenth of the endpoint's time in a
     * profile).
     */
    public List<UserEntity> matchingHint(String hint, String hintKey) {
        List<UserEntity> rows = getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(MATCHING_HINT)) {
                select.setString(1, hint);
                select.setString(2, hintKey);
                select.setString(3, hintKey);
                List<UserEntity> found = new ArrayList<>(3);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        UserEntity user = new UserEntity();
                        user.sub = row.getString(1);
                        user.username = row.getString(2);
                        user.email = row.getString(3);
                        user.name = row.getString(4);
                        user.createdAt = row.getObject(5, OffsetDateTime.class).toInstant();
                        found.add(user);
                    }
                }
                return found;
            }
        });
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
