package dev.countersign.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throttles password sign-in per client IP address (OWASP Authentication Cheat Sheet, "Protect
 * against automated attacks"), beside the per-account lockout in {@link Sessions}: after
 * {@code ip-max-failed-logins} wrong passwords from one address within {@code ip-failure-window}
 * (a fixed window that starts at the first failure), sign-in from that address is refused until
 * the window ends. The counts live in this instance's memory, so each instance of a cluster counts
 * on its own and a restart forgets them; the per-account lockout is the durable defence.
 */
@ApplicationScoped
public class SignInThrottle {
    /** Beyond this many tracked addresses, windows that have ended are swept before adding one. */
    private static final int SWEEP_ABOVE = 10_000;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration length;
    private final Clock clock;

    @Inject
    public SignInThrottle(AccountConfig config, Clock clock) {
        this(config.ipMaxFailedLogins(), config.ipFailureWindow(), clock);
    }

    SignInThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.length = window;
        this.clock = clock;
    }

    /** How long the address must wait before trying again; empty when it may try now. */
    public Optional<Duration> retryAfter(String address) {
        Instant now = clock.instant();
        Window window = windows.get(key(address));
        if (window == null || !window.end.isAfter(now) || window.failures < maxFailures) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, window.end));
    }

    /** Counts one wrong password from the address. */
    public void recordFailure(String address) {
        Instant now = clock.instant();
        if (windows.size() > SWEEP_ABOVE) {
            windows.values().removeIf(w -> !w.end.isAfter(now));
        }
        windows.compute(
                key(address),
                (k, w) -> w == null || !w.end.isAfter(now)
                        ? new Window(now.plus(length), 1)
                        : new Window(w.end, w.failures + 1));
    }

    private static String key(String address) {
        return address == null ? "unknown" : address;
    }

    private record Window(Instant end, int failures) {}
}
