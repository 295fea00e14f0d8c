package dev.countersign.ciba;

import java.time.Instant;
import java.util.Optional;

/**
 * The operator's view of one ping or push notification: where it goes, how often it was tried, how
 * it ended. Never the payload, the tokens or the {@code client_notification_token}.
 *
 * @param requestId the public id of the backchannel request
 * @param kind {@code ping}, {@code tokens} or {@code error:<code>}
 * @param status {@code pending}, {@code delivered} or {@code failed}
 */
public record DeliveryRecord(
        String id,
        String requestId,
        String clientId,
        String mode,
        String kind,
        String endpoint,
        String status,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        Optional<Instant> finishedAt,
        Optional<String> lastError) {}
