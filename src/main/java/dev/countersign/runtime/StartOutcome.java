package dev.countersign.runtime;

import java.time.Duration;
import java.util.Optional;

/** How a backchannel authentication request ended (CIBA Core 1.0 §7.3 and §13). */
public sealed interface StartOutcome {

    /**
     * The provider accepted the request (§7.3).
     *
     * @param authReqId the identifier to poll with; a secret, never logged or shown
     * @param expiresIn how long the request lives
     * @param interval the minimum wait between polls, if the provider gave one (default 5 s, §7.3)
     */
    record Started(String authReqId, Duration expiresIn, Optional<Duration> interval) implements StartOutcome {}

    /**
     * The provider refused the request with an OAuth error (§13), e.g. {@code unknown_user_id} or
     * {@code invalid_client}.
     */
    record Refused(int httpStatus, String error, Optional<String> description) implements StartOutcome {}

    /** The provider could not be reached or answered something that is not CIBA; worth a retry. */
    record Unreachable(String reason, Optional<Duration> retryAfter) implements StartOutcome {}
}
