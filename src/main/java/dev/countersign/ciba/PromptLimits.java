package dev.countersign.ciba;

import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.ciba.store.PromptLimitWindowRepository;
import dev.countersign.common.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Against push-bombing (ADR 0005): a request reaches the phone only if its user and its client are
 * under their limits for the current fixed window, and no identical request is pending. A refusal is
 * {@code 429 slow_down} with {@code Retry-After}, and counts nothing.
 *
 * <p>Order: count for the user (this locks the user's counter, serialising the user's concurrent
 * requests) → refuse an identical pending request → count for the client.
 */
@ApplicationScoped
class PromptLimits {
    private final PromptLimitWindowRepository windows;
    private final BackchannelRequestRepository requests;
    private final CibaConfig config;

    PromptLimits(PromptLimitWindowRepository windows, BackchannelRequestRepository requests, CibaConfig config) {
        this.windows = windows;
        this.requests = requests;
        this.config = config;
    }

    /** Admits the request (counted for its user and client) or throws {@code slow_down}. */
    void admit(BackchannelRequest request, String fingerprint, Instant now) {
        Duration window = config.limits().window();
        Instant start = Instant.ofEpochMilli(now.toEpochMilli() - now.toEpochMilli() % window.toMillis());
        long retryAfter = secondsUntil(now, start.plus(window));
        String user = "user:" + request.userSub();
        String client = "client:" + request.clientId();
        if (!count(user, start, config.limits().perUser())) {
            throw OAuthException.tooManyPrompts(
                    "the user has received " + config.limits().perUser() + " requests in this window; retry later",
                    retryAfter);
        }
        requests.findPendingExpiryByFingerprint(fingerprint, now).ifPresent(expiresAt -> {
            windows.uncount(user, start);
            throw OAuthException.tooManyPrompts(
                    "an identical request of this client is already pending for the user until " + expiresAt
                            + "; poll its auth_req_id",
                    secondsUntil(now, expiresAt));
        });
        if (!count(client, start, config.limits().perClient())) {
            windows.uncount(user, start);
            throw OAuthException.tooManyPrompts(
                    "the client has made " + config.limits().perClient() + " requests in this window; retry later",
                    retryAfter);
        }
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
        try {
            windows.createIfAbsent(key);
        } catch (RuntimeException e) {
            // Another request created the row first (a key conflict): it exists now, which is all
            // this wanted. Any other failure shows again in the update below.
        }
        return windows.tryCount(key, start, limit);
    }
}
