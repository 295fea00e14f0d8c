package dev.countersign.account;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Deletes expired sign-in sessions every {@code countersign.account.session-cleanup-interval}. */
@ApplicationScoped
public class SessionExpiry {
    private final Sessions sessions;

    public SessionExpiry(Sessions sessions) {
        this.sessions = sessions;
    }

    @Scheduled(
            identity = "account-session-expiry",
            every = "${countersign.account.session-cleanup-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        sessions.deleteExpired();
    }
}
