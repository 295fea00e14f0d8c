package dev.countersign.admin;

import dev.countersign.account.User;
import dev.countersign.account.Users;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The operator's user operations. Each change and its audit event commit together, so the trail
 * shows exactly the changes that happened.
 */
@ApplicationScoped
public class UserAdministration {
    private static final String ACTOR = "admin";

    private final Users users;
    private final AuditLog audit;

    public UserAdministration(Users users, AuditLog audit) {
        this.users = users;
        this.audit = audit;
    }

    @Transactional
    public User create(String username, String email, String name, String password) {
        User user = users.create(username, email, name, password);
        audit.record(AuditEvent.success("user.created", ACTOR, null, user.sub(), "user:" + user.sub()));
        return user;
    }

    /** Deletes the user and their sessions; false when there is no such user. */
    @Transactional
    public boolean delete(String sub) {
        boolean deleted = users.delete(sub);
        if (deleted) {
            audit.record(AuditEvent.success("user.deleted", ACTOR, null, sub, "user:" + sub));
        }
        return deleted;
    }

    /** Lifts a sign-in lockout; false when there is no such user. */
    @Transactional
    public boolean unlock(String sub) {
        boolean unlocked = users.unlock(sub);
        if (unlocked) {
            audit.record(AuditEvent.success("user.unlocked", ACTOR, null, sub, "user:" + sub));
        }
        return unlocked;
    }
}
