package dev.countersign.approval;

import java.time.Instant;
import java.util.Optional;

/** A device the user registered for notifications, as the device API shows it. */
public record Device(String id, String kind, String name, Instant createdAt, Optional<Instant> lastUsedAt) {}
