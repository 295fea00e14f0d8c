package dev.countersign.account;

import java.time.Instant;
import java.util.Optional;

/** A passkey of a user as the user sees it: never the key itself. */
public record Passkey(String id, String name, Instant createdAt, Optional<Instant> lastUsedAt) {}
