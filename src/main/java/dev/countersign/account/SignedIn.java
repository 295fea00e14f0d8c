package dev.countersign.account;

import java.time.Instant;

/**
 * A successful sign-in. The session id and CSRF token are handed to the browser once and stored
 * only as hashes.
 *
 * @param sessionId the value of the session cookie
 * @param csrfToken the value the browser must echo in {@code X-CSRF-Token} on unsafe requests
 */
public record SignedIn(String sessionId, String csrfToken, User user, Instant expiresAt) {
    @Override
    public String toString() {
        return "SignedIn[user=" + user.sub() + ", expiresAt=" + expiresAt + "]";
    }
}
