package dev.countersign.account;

import dev.countersign.account.store.SessionEntity;
import dev.countersign.account.store.SessionRepository;
import dev.countersign.account.store.UserEntity;
import dev.countersign.account.store.UserRepository;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.ProblemException;
import dev.countersign.common.RandomTokens;
import dev.countersign.common.SecretHasher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Password sign-in and the sessions it opens. Order of checks in {@link #signIn}: unknown username
 * (the same Argon2 work and the same 401 as a wrong password) → password verified → locked (423,
 * whatever the password) → wrong password counted, and the failure that reaches
 * {@code max-failed-logins} locks the account (423) → success resets the count and opens a fresh
 * session. Session ids and CSRF tokens are stored only as {@link SecretHasher} hashes (OWASP
 * Session Management: ids of 256 bits, renewed on every sign-in).
 */
@ApplicationScoped
public class Sessions {
    private static final int MAX_TOKEN_LENGTH = 100;

    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordHasher passwords;
    private final SecretHasher hasher;
    private final AuditLog audit;
    private final AccountConfig config;
    private final Clock clock;

    public Sessions(
            UserRepository users,
            SessionRepository sessions,
            PasswordHasher passwords,
            SecretHasher hasher,
            AuditLog audit,
            AccountConfig config,
            Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.hasher = hasher;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Verifies the password and opens a session.
     *
     * @throws ProblemException 401 for an unknown username or a wrong password, 423 when locked
     */
    public SignedIn signIn(String username, String password) {
        Optional<UserEntity> found = username == null || username.length() > UserRules.MAX_USERNAME
                ? Optional.empty()
                : QuarkusTransaction.requiringNew().call(() -> users.findByUsernameKey(UserRules.key(username)));
        if (found.isEmpty() || found.get().passwordHash == null) {
            passwords.verifyDecoy(password);
            recordFailure(null, "unknown_user");
            throw wrongCredentials();
        }
        UserEntity user = found.get();
        boolean correct = password != null && passwords.verify(password, user.passwordHash);
        Instant now = clock.instant();
        if (user.lockedUntil != null && user.lockedUntil.isAfter(now)) {
            recordFailure(user.sub, "locked");
            throw locked();
        }
        if (!correct) {
            throw countFailure(user.sub, now);
        }
        return QuarkusTransaction.requiringNew().call(() -> open(user, now));
    }

    /**
     * Opens the same kind of session as {@link #signIn} for the owner of a passkey whose assertion
     * (with user verification) has been verified. A password lockout does not stop it: the lockout
     * defends against guessed passwords, and a passkey cannot be guessed.
     *
     * @throws ProblemException 401 when the user no longer exists
     */
    public SignedIn signInWithPasskey(String sub) {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            UserEntity user = users.findByIdOptional(sub)
                    .orElseThrow(() -> ProblemException.unauthorized("the passkey's user no longer exists"));
            return openSession(user, now, "passkey");
        });
    }

    /** The {@code sub} of the session's user, empty when the session is unknown or expired. */
    public Optional<String> userOf(String sessionId) {
        return live(sessionId).map(s -> s.userSub);
    }

    /** Whether the token is the session's CSRF token (constant time); false for a dead session. */
    public boolean csrfMatches(String sessionId, String csrfToken) {
        if (csrfToken == null || csrfToken.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        return live(sessionId).map(s -> hasher.matches(csrfToken, s.csrfHash)).orElse(false);
    }

    /** Ends the session; false when it did not exist. */
    public boolean signOut(String sessionId) {
        if (sessionId == null || sessionId.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        String idHash = hasher.hash(sessionId);
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<SessionEntity> session = sessions.findByIdOptional(idHash);
            if (session.isEmpty() || !sessions.deleteByIdHash(idHash)) {
                return false;
            }
            String sub = session.get().userSub;
            audit.record(AuditEvent.success("user.signed_out", "user:" + sub, null, sub, "user:" + sub));
            return true;
        });
    }

    /** Deletes every expired session; returns how many. */
    public long deleteExpired() {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> sessions.deleteExpired(now));
    }

    private Optional<SessionEntity> live(String sessionId) {
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        String idHash = hasher.hash(sessionId);
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> sessions.findLive(idHash, now));
    }

    private SignedIn open(UserEntity user, Instant now) {
        if (!users.resetFailedLogins(user.sub, now)) {
            // A concurrent wrong password locked the account after we read it.
            throw locked();
        }
        return openSession(user, now, "password");
    }

    private SignedIn openSession(UserEntity user, Instant now, String method) {
        String sessionId = RandomTokens.of(32);
        String csrfToken = RandomTokens.of(32);
        SessionEntity session = new SessionEntity();
        session.idHash = hasher.hash(sessionId);
        session.csrfHash = hasher.hash(csrfToken);
        session.userSub = user.sub;
        session.createdAt = now.truncatedTo(ChronoUnit.MICROS);
        session.expiresAt = session.createdAt.plus(config.sessionLifetime());
        sessions.persist(session);
        audit.record(AuditEvent.success("user.signed_in", "user:" + user.sub, null, user.sub, "user:" + user.sub)
                .withDetail(Map.of("method", method)));
        return new SignedIn(sessionId, csrfToken, Users.toUser(user), session.expiresAt);
    }

    private ProblemException countFailure(String sub, Instant now) {
        Instant lockUntil = now.plus(config.lockoutDuration()).truncatedTo(ChronoUnit.MICROS);
        boolean lockedNow = QuarkusTransaction.requiringNew().call(() -> {
            users.countFailedLogin(sub, config.maxFailedLogins(), now, lockUntil);
            boolean nowLocked = users.findByIdOptional(sub)
                    .map(u -> u.lockedUntil != null && u.lockedUntil.isAfter(now))
                    .orElse(false);
            audit.record(failure(sub, "wrong_password"));
            if (nowLocked) {
                audit.record(new AuditEvent(
                        "user.locked",
                        "success",
                        "system",
                        null,
                        sub,
                        "user:" + sub,
                        Map.of("until", lockUntil.toString())));
            }
            return nowLocked;
        });
        return lockedNow ? locked() : wrongCredentials();
    }

    private void recordFailure(String sub, String reason) {
        QuarkusTransaction.requiringNew().run(() -> audit.record(failure(sub, reason)));
    }

    private static AuditEvent failure(String sub, String reason) {
        return new AuditEvent(
                "user.sign_in_failed",
                "failure",
                sub == null ? "anonymous" : "user:" + sub,
                null,
                sub,
                sub == null ? null : "user:" + sub,
                Map.of("method", "password", "reason", reason));
    }

    private static ProblemException wrongCredentials() {
        return ProblemException.unauthorized("the username or password is wrong");
    }

    private static ProblemException locked() {
        return ProblemException.locked("too many wrong passwords: sign-in is paused for this account; try again later");
    }
}
