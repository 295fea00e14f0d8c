package dev.countersign.account;

import java.time.Instant;
import java.util.Optional;

/** A person who approves requests. {@code sub} is the stable, opaque subject identifier. */
public record User(String sub, String username, Optional<String> email, Optional<String> name, Instant createdAt) {}
