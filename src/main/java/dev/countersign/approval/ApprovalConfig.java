package dev.countersign.approval;

import dev.countersign.common.config.DurationRange;
import dev.countersign.common.config.IntRange;
import dev.countersign.common.config.Matches;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Notifications to the user's devices and to the operator's webhook ({@code countersign.approval.*}). */
@ConfigMapping(prefix = "countersign.approval")
public interface ApprovalConfig {
    /** Web Push to the user's registered browsers and phones (RFC 8030, 8291, 8292). */
    WebPush webpush();

    /** The operator's webhook channel. */
    Webhook webhook();

    /** Retries of every channel's notifications. */
    Notifications notifications();

    /** Web Push settings ({@code countersign.approval.webpush.*}). */
    interface WebPush {
        /** Whether requests are pushed to the user's registered devices. */
        @WithDefault("true")
        boolean enabled();

        /**
         * The contact the push services see in every VAPID token ({@code sub}, RFC 8292 §2.1): a
         * {@code mailto:} or {@code https:} URI where the operator can be reached.
         */
        @WithDefault("mailto:webpush@countersign.invalid")
        @Matches("(mailto:|https://).+")
        String subject();

        /** How long a VAPID token is valid ({@code exp}); RFC 8292 §2 allows at most 24 hours. */
        @WithDefault("PT12H")
        @DurationRange(min = "PT1M", max = "PT24H")
        Duration tokenLifetime();

        /**
         * The longest {@code TTL} a push message asks the push service to keep it (RFC 8030 §5.2);
         * never longer than the request's remaining lifetime.
         */
        @WithDefault("PT10M")
        @DurationRange(min = "PT0S", max = "P28D")
        Duration maxTtl();

        /** The {@code Urgency} of push messages (RFC 8030 §5.3): very-low, low, normal or high. */
        @WithDefault("high")
        @Matches("very-low|low|normal|high")
        String urgency();
    }

    /** Webhook settings ({@code countersign.approval.webhook.*}). */
    interface Webhook {
        /** The https URL every new request is posted to; unset: no webhook. */
        Optional<String> url();

        /** The shared secret of the {@code X-Countersign-Signature} HMAC; required with a URL. */
        Optional<String> secret();
    }

    /** Retries of notifications ({@code countersign.approval.notifications.*}). */
    interface Notifications {
        /** The longest wait before the first retry; each later retry may wait twice as long (full jitter). */
        @WithDefault("PT1S")
        @DurationRange(min = "PT0.001S", max = "PT1H")
        Duration backoffBase();

        /** The longest wait between two attempts, unless the receiver's Retry-After asks for more. */
        @WithDefault("PT1M")
        @DurationRange(min = "PT0.001S", max = "PT1H")
        Duration backoffCap();

        /** How many attempts a notification gets before it is marked failed. */
        @WithDefault("8")
        @IntRange(min = 1, max = 100)
        int maxAttempts();

        /**
         * How long after its creation a notification is still attempted; never after the request
         * itself expired.
         */
        @WithDefault("PT15M")
        @DurationRange(min = "PT1S", max = "P1D")
        Duration maxAge();

        /** How long one attempt holds its claim; longer than the outbound timeouts together. */
        @WithDefault("PT30S")
        @DurationRange(min = "PT1S", max = "PT1H")
        Duration lease();
    }
}
