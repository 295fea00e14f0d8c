package dev.countersign.ciba.store;

import java.time.Instant;

/**
 * What a poll of a backchannel request needs to know to answer {@code authorization_pending}, read
 * in one indexed statement by {@link PollStates}.
 *
 * @param unreached whether the request reached no device of its user
 */
public record PollState(String clientId, String state, Instant expiresAt, int intervalSeconds, boolean unreached) {}
