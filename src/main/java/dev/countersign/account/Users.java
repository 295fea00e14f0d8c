package dev.countersign.account;

import dev.countersign.account.store.PasskeyRepository;
import dev.countersign.account.store.SessionRepository;
import dev.countersign.account.store.UserEntity;
import dev.countersign.account.store.UserRepository;
import dev.countersign.common.ProblemException;
import dev.countersign.common.RandomTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The people who approve requests: creating them (rules in {@link UserRules}), finding them, and
 * resolving a CIBA {@code login_hint} (CIBA Core 1.0 §7.1) to one of them. Nothing is stored when a
 * rule fails. Usernames and e-mail addresses are unique ignoring case, and also across each other,
 * so that a hint can never name two people.
 */
@ApplicationScoped
public class Users {
    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasskeyRepository passkeys;
    private final PasswordHasher passwords;
    private final Clock clock;

    public Users(
            UserRepository users,
            SessionRepository sessions,
            PasskeyRepository passkeys,
            PasswordHasher passwords,
            Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.passkeys = passkeys;
        this.passwords = passwords;
        this.clock = clock;
    }

    /**
     * Creates a user with a fresh opaque {@code sub}. {@code email} and {@code name} may be null.
     *
     * @throws ProblemException 400 when a rule fails, 409 when the username or e-mail is taken
     */
    @Transactional
    public User create(String username, String email, String name, String password) {
        UserEntity user = new UserEntity();
        user.username = UserRules.username(username);
        user.usernameKey = UserRules.key(username);
        user.email = UserRules.email(email).orElse(null);
        user.emailKey = user.email == null ? null : UserRules.key(user.email);
        user.name = UserRules.name(name).orElse(null);
        String accepted = UserRules.password(password, username);
        if (users.usernameTaken(user.usernameKey)) {
            throw ProblemException.conflict("the username is already taken");
        }
        if (user.emailKey != null && users.emailTaken(user.emailKey)) {
            throw ProblemException.conflict("the e-mail address is already in use");
        }
        user.sub = RandomTokens.of(16);
        user.passwordHash = passwords.hash(accepted);
        user.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!users.insertUnique(user)) {
            // A concurrent create won the unique constraint between our check and our insert.
            throw ProblemException.conflict("the username or e-mail address is already in use");
        }
        return toUser(user);
    }

    @Transactional
    public Optional<User> findBySub(String sub) {
        return sub == null ? Optional.empty() : users.findByIdOptional(sub).map(Users::toUser);
    }

    /** Deletes the user with their passkeys and signs them out everywhere; false when there is no such user. */
    @Transactional
    public boolean delete(String sub) {
        sessions.deleteAllOf(sub);
        passkeys.deleteAllOf(sub);
        return users.deleteBySub(sub);
    }

    /** Lifts a lockout and clears the failure count; false when there is no such user. */
    @Transactional
    public boolean unlock(String sub) {
        return users.unlock(sub);
    }

    /**
     * The one user whose username, e-mail address (both ignoring case) or {@code sub} is the hint;
     * empty when none or, defensively, more than one matches. Auth0's JSON {@code iss_sub} form is
     * unwrapped by the caller, who passes its {@code sub}.
     */
    @Transactional
    public Optional<User> resolveLoginHint(String hint) {
        if (hint == null || hint.isEmpty() || hint.length() > UserRules.MAX_EMAIL) {
            return Optional.empty();
        }
        List<UserEntity> matches = users.matchingHint(hint, UserRules.key(hint));
        return matches.size() == 1 ? Optional.of(toUser(matches.get(0))) : Optional.empty();
    }

    static User toUser(UserEntity e) {
        return new User(e.sub, e.username, Optional.ofNullable(e.email), Optional.ofNullable(e.name), e.createdAt);
    }
}
