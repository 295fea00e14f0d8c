package dev.countersign.ciba;

import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.ciba.store.PromptLimitWindowRepository;
import dev.countersign.common.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Against push-bombing (ADR 0005): a request reaches the phone only if its user and its client are
 * under their limits for the current fixed window, and no identical request is pending. A refusal is
 * {@code 429 slow_down} with {@code Retry-After}, and counts nothing.
 *
 * <p>Order: count for the user (this locks the user's counter, serialising the user's concurrent
 * requests) → refuse an identical pending request → count for the client. The caller has already
 * written the request (and everything that goes with it) in the same transaction and calls this
 * last, so the counters stay locked only until the commit; a refusal rolls the request back.
 */
@ApplicationScoped
class PromptLimits {
    private final PromptLimitWindowRepository windows;
    private final BackchannelRequestRepository requests;
    private final CibaConfig config;
    /** Counter rows known to exist: the cleanup deletes only rows of ended windows, and says so. */
    private final Set<String> existing = ConcurrentHashMap.newKeySet();

    PromptLimits(PromptLimitWindowRepository windows, BackchannelRequestRepository requests, CibaConfig config) {
        this.windows = windows;
        this.requests = requests;
        this.config = config;
    }

    /**
     * Makes sure the user's and the client's counter rows exist, each created in a transaction of
     * its own. Called first in the request's transaction, before it holds a connection or a lock: a
     * creation needs a second connection, and asking for one while holding a counter's lock could
     * leave every pooled connection waiting for that lock.
     */
    void prepare(BackchannelRequest request) {
        for (String key : List.of(userKey(request), clientKey(request))) {
            if (!existing.contains(key)) {
                createIfAbsent(key);
                existing.add(key);
            }
        }
    }

    /** The cleanup deleted counter rows: they are created again before they are next counted. */
    void forgetRows() {
        existing.clear();
    }

    /**
     * Admits the request stored as {@code ownId} in the caller's transaction (counted for its user
     * and client) or throws {@code slow_down}; the caller's transaction then rolls back, so a
     * refused request counts nothing and stores nothing.
     */
    void admit(BackchannelRequest request, String fingerprint, String ownId, Instant now) {
        Duration window = config.limits().window();
        Instant start = Instant.ofEpochMilli(now.toEpochMilli() - now.toEpochMilli() % window.toMillis());
        long retryAfter = secondsUntil(now, start.plus(window));
        if (!count(userKey(request), start, config.limits().perUser())) {
            throw OAuthException.tooManyPrompts(
                    "the user has received " + config.limits().perUser() + " requests in this window; retry later",
                    retryAfter);
        }
        requests.findPendingExpiryByFingerprint(fingerprint, ownId, now).ifPresent(expiresAt -> {
            throw OAuthException.tooManyPrompts(
                    "an identical request of this client is already pending for the user until " + expiresAt
                            + "; poll its auth_req_id",
                    secondsUntil(now, expiresAt));
        });
        if (!count(clientKey(request), start, config.limits().perClient())) {
            throw OAuthException.tooManyPrompts(
                    "the client has made " + config.limits().perClient() + " requests in this window; retry later",
                    retryAfter);
        }
    }

    private static String userKey(BackchannelRequest request) {
        return "user:" + request.userSub();
    }

    private static String clientKey(BackchannelRequest request) {
        return "client:" + request.clientId();
    }

    /** Whole seconds, rounded up (RFC 9110 §10.2.3 delay-seconds), at least 1. */
    private static long secondsUntil(Instant now, Instant then) {
        long millis = Duration.between(now, then).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private boolean count(String key, Instant start, int limit) {
        if (windows.tryCount(key, start, limit)) {
            return true;
        }
        if (windows.exists(key)) {
            return false;
        }
        // Rare: a cleanup deleted the row after it was prepared (on another instance, or just now).
        createIfAbsent(key);
        return windows.tryCount(key, start, limit);
    }

    private void createIfAbsent(String key) {
        try {
            windows.createIfAbsent(key);
        } catch (RuntimeException e) {
            // A lost race to create the row is no failure (the repository rolls it back quietly);
            // anything else shows again in the count that follows, inside the request's transaction.
        }
    }
}
