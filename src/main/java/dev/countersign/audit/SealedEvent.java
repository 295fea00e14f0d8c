package dev.countersign.audit;

import java.time.Instant;
import java.util.Map;

/**
 * An audit event as the chain holds it: its place ({@code seq}), the hash of the event before it
 * and its own hash over both.
 */
public record SealedEvent(
        long seq,
        String id,
        Instant occurredAt,
        String type,
        String outcome,
        String actor,
        String clientId,
        String userSub,
        String subject,
        Map<String, String> detail,
        String prevHash,
        String hash) {}
