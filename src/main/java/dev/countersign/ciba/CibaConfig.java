package dev.countersign.ciba;

import dev.countersign.common.config.DurationRange;
import dev.countersign.common.config.IntRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The backchannel authentication endpoint and the CIBA grant (CIBA Core 1.0 §7, §10). */
@ConfigMapping(prefix = "countersign.ciba")
public interface CibaConfig {
    /** How long a request waits for the user when the client sends no {@code requested_expiry}. */
    @WithDefault("PT5M")
    @DurationRange(min = "PT10S", max = "PT24H")
    Duration defaultExpiry();

    /** The longest lifetime a client may obtain with {@code requested_expiry}; larger values are capped. */
    @WithDefault("PT10M")
    @DurationRange(min = "PT10S", max = "PT24H")
    Duration maxExpiry();

    /** The minimum time between two token requests for one {@code auth_req_id} (1 to 60 seconds). */
    @WithDefault("PT5S")
    @DurationRange(min = "PT1S", max = "PT60S")
    Duration interval();

    /** The longest {@code binding_message} accepted, in Unicode code points. */
    @WithDefault("120")
    @IntRange(min = 1, max = 1000)
    int bindingMessageMaxLength();

    /**
     * The longest a signed authentication request (CIBA Core 1.0 §7.1.1) may still be valid when it
     * arrives (its exp minus now), and the oldest its iat may be.
     */
    @WithDefault("PT10M")
    @DurationRange(min = "PT10S", max = "PT1H")
    Duration signedRequestMaxLifetime();

    /**
     * How long a request is kept after it expired, so the user's history and the operator can still
     * see it; then it is deleted.
     */
    @WithDefault("P7D")
    @DurationRange(min = "PT1H")
    Duration retention();

    /** Ping and push delivery to client notification endpoints ({@code countersign.ciba.delivery.*}). */
    Delivery delivery();

    /** How many requests may reach a user's phone ({@code countersign.ciba.limits.*}), against push-bombing. */
    Limits limits();

    /** Fixed-window limits on requests per user and per client (ADR 0005). */
    interface Limits {
        /** How many requests one user may receive per window, from all clients together. */
        @WithDefault("5")
        @IntRange(min = 1, max = 1000000)
        int perUser();

        /** How many requests one client may make per window, for all users together. */
        @WithDefault("30")
        @IntRange(min = 1, max = 1000000)
        int perClient();

        /** The length of a window; windows start at multiples of it since the epoch. */
        @WithDefault("PT1M")
        @DurationRange(min = "PT1S", max = "PT24H")
        Duration window();
    }

    /** Retries of ping and push notifications (CIBA Core 1.0 §10.2, §10.3). */
    interface Delivery {
        /** The longest wait before the first retry; each later retry may wait twice as long (full jitter). */
        @WithDefault("PT1S")
        @DurationRange(min = "PT0.001S", max = "PT1H")
        Duration backoffBase();

        /** The longest wait between two attempts, however many failed before. */
        @WithDefault("PT5M")
        @DurationRange(min = "PT0.001S", max = "PT24H")
        Duration backoffCap();

        /** How many attempts a notification gets before it is marked failed. */
        @WithDefault("10")
        @IntRange(min = 1, max = 1000)
        int maxAttempts();

        /** How long after its creation a notification is still attempted before it is marked failed. */
        @WithDefault("PT1H")
        @DurationRange(min = "PT1S", max = "P7D")
        Duration maxAge();

        /**
         * How long one attempt holds its claim; longer than the outbound connect and request timeouts
         * together, so that no second attempt starts while the first may still deliver.
         */
        @WithDefault("PT30S")
        @DurationRange(min = "PT1S", max = "PT1H")
        Duration lease();
    }
}
