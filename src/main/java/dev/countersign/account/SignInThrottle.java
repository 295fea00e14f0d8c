package dev.countersign.account;

import dev.countersign.account.store.SignInThrottleEntity;
import dev.countersign.account.store.SignInThrottleRepository;
import dev.countersign.common.BackgroundJob;
import dev.countersign.common.SecretHasher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Throttles password sign-in per client IP address (OWASP Authentication Cheat Sheet, "Protect
 * against automated attacks"), beside the per-account lockout in {@link Sessions}: after
 * {@code ip-max-failed-logins} wrong passwords from one address within {@code ip-failure-window}
 * (a fixed window that starts at the first failure), sign-in from that address is refused until
 * the window ends. The counts are rows of the database (the address stored only as its keyed
 * hash), so every instance sharing it counts together and a restart forgets nothing; ended windows
 * are deleted every {@code session-cleanup-interval}.
 */
@ApplicationScoped
public class SignInThrottle {
    private final SignInThrottleRepository windows;
    private final SecretHasher hasher;
    private final int maxFailures;
    private final Duration length;
    private final Clock clock;

    public SignInThrottle(SignInThrottleRepository windows, SecretHasher hasher, AccountConfig config, Clock clock) {
        this.windows = windows;
        this.hasher = hasher;
        this.maxFailures = config.ipMaxFailedLogins();
        this.length = config.ipFailureWindow();
        this.clock = clock;
    }

    /** How long the address must wait before trying again; empty when it may try now. */
    public Optional<Duration> retryAfter(String address) {
        // The database keeps microseconds: compare at that precision.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String hash = hash(address);
        Optional<SignInThrottleEntity> window =
                QuarkusTransaction.joiningExisting().call(() -> windows.findByIdOptional(hash));
        return window.filter(w -> w.windowEnd.isAfter(now) && w.failures >= maxFailures)
                .map(w -> Duration.between(now, w.windowEnd));
    }

    /** Counts one wrong password from the address, in a transaction of its own. */
    public void recordFailure(String address) {
        Instant now = clock.instant();
        Instant end = now.plus(length).truncatedTo(ChronoUnit.MICROS);
        String hash = hash(address);
        if (QuarkusTransaction.requiringNew().call(() -> windows.countFailure(hash, now, end))) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> windows.insertFirst(hash, end));
        } catch (RuntimeException e) {
            // Another request stored the address's first failure at the same moment: count on it.
            QuarkusTransaction.requiringNew().call(() -> windows.countFailure(hash, now, end));
        }
    }

    @BackgroundJob
    @Scheduled(
            identity = "account-sign-in-throttle-cleanup",
            every = "${countersign.account.session-cleanup-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        deleteEndedWindows();
    }

    /** Deletes the windows that have ended (they count nothing); returns how many. */
    public long deleteEndedWindows() {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> windows.deleteEndedBefore(now));
    }

    private String hash(String address) {
        return hasher.hash("sign-in-address:" + (address == null ? "unknown" : address));
    }
}
