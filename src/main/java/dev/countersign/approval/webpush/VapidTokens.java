package dev.countersign.approval.webpush;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.approval.ApprovalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The VAPID {@code Authorization} header per push service origin, signed once and reused while
 * more than half its lifetime remains (RFC 8292 §2: a token may be reused for the same origin
 * until it expires), so a burst of pushes to one push service costs one signature.
 */
@ApplicationScoped
class VapidTokens {
    private final VapidKeys keys;
    private final ApprovalConfig config;
    private final ObjectMapper json;
    private final Map<String, Signed> byAudience = new ConcurrentHashMap<>();

    VapidTokens(VapidKeys keys, ApprovalConfig config, ObjectMapper json) {
        this.keys = keys;
        this.config = config;
        this.json = json;
    }

    private record Signed(String header, Instant renewAfter) {}

    String authorization(String audience, Instant now) {
        Signed cached = byAudience.get(audience);
        if (cached != null && now.isBefore(cached.renewAfter())) {
            return cached.header();
        }
        Duration lifetime = config.webpush().tokenLifetime();
        Instant expiresAt = now.plus(lifetime);
        String header = VapidToken.authorization(
                keys.keys(), audience, expiresAt, config.webpush().subject(), json);
        if (byAudience.size() > 1000) {
            byAudience.clear(); // a handful of push services in practice; never grow without bound
        }
        byAudience.put(audience, new Signed(header, now.plus(lifetime.dividedBy(2))));
        return header;
    }
}
