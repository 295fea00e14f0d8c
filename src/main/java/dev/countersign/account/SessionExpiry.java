package dev.countersign.account;

import dev.countersign.common.BackgroundJob;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Deletes expired sign-in sessions every {@code countersign.account.session-cleanup-interval}.
 * Created at start-up, where it also refuses durations that are not positive.
 */
@Startup
@ApplicationScoped
public class SessionExpiry {
    private final Sessions sessions;

    public SessionExpiry(Sessions sessions, AccountConfig config) {
        this.sessions = sessions;
        requirePositive("countersign.account.lockout-duration", config.lockoutDuration());
        requirePositive("countersign.account.session-lifetime", config.sessionLifetime());
        requirePositive("countersign.account.ip-failure-window", config.ipFailureWindow());
        requirePositive("countersign.account.session-cleanup-interval", config.sessionCleanupInterval());
    }

    static void requirePositive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalStateException(property + " must be a positive duration, e.g. PT15M");
        }
    }

    @BackgroundJob
    @Scheduled(
            identity = "account-session-expiry",
            every = "${countersign.account.session-cleanup-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        sessions.deleteExpired();
    }
}
