package dev.countersign.runtime;

import java.time.Duration;
import java.util.Optional;

/** How one token request for an {@code auth_req_id} ended (CIBA Core 1.0 §11 and RFC 6749 §5). */
public sealed interface PollOutcome {

    /**
     * The user approved and the provider issued tokens (§11 successful response).
     *
     * @param tokenResponse the token response JSON exactly as received; holds secrets
     * @param accessToken its {@code access_token}
     * @param tokenType its {@code token_type} ({@code Bearer} or {@code DPoP})
     * @param expiresIn its {@code expires_in}, if present
     */
    record Issued(String tokenResponse, String accessToken, String tokenType, Optional<Duration> expiresIn)
            implements PollOutcome {}

    /** {@code authorization_pending}: ask again after the interval. */
    record Pending() implements PollOutcome {}

    /**
     * {@code slow_down}: the interval grows by at least 5 seconds for this and every later poll
     * (§11), or to {@code retryAfter} when the provider sent one and it is longer.
     */
    record SlowDown(Optional<Duration> retryAfter) implements PollOutcome {}

    /** {@code access_denied}: the user said no. */
    record Denied(Optional<String> description) implements PollOutcome {}

    /** {@code expired_token}: the request expired before the user decided. */
    record Expired() implements PollOutcome {}

    /** Any other OAuth error; final (e.g. {@code invalid_grant}, {@code invalid_client}). */
    record Failed(int httpStatus, String error, Optional<String> description) implements PollOutcome {}

    /** The provider could not be reached or answered a 5xx; poll again later. */
    record Unreachable(String reason, Optional<Duration> retryAfter) implements PollOutcome {}
}
