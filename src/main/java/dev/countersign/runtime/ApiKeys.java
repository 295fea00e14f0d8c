package dev.countersign.runtime;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.ProblemException;
import dev.countersign.common.RandomTokens;
import dev.countersign.common.SecretHasher;
import dev.countersign.common.TimeOrderedIds;
import dev.countersign.runtime.store.ApiKeyEntity;
import dev.countersign.runtime.store.ApiKeyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Agents' API keys: {@code cs_agent_} followed by 256 random bits (base64url), so that a leaked key
 * is recognisable by secret scanners. A key is shown once when issued and stored only as its
 * {@link SecretHasher} HMAC; a presented key is found by its hash (a keyed hash of a high-entropy
 * value reveals nothing and needs no timing-safe scan). Its last use is recorded at most once a
 * minute, so authentication costs no write per request. The answer to an issue also shows the
 * agent's {@link WebhookSecrets webhook secret}.
 */
@ApplicationScoped
public class ApiKeys {
    public static final String PREFIX = "cs_agent_";
    private static final int KEY_BYTES = 32;
    private static final int SHOWN_PREFIX = PREFIX.length() + 6;
    private static final Duration USE_RESOLUTION = Duration.ofMinutes(1);
    private static final Pattern AGENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_KEY_LENGTH = 100;

    private final ApiKeyRepository keys;
    private final SecretHasher hasher;
    private final WebhookSecrets webhookSecrets;
    private final AuditLog audit;
    private final Clock clock;

    public ApiKeys(
            ApiKeyRepository keys, SecretHasher hasher, WebhookSecrets webhookSecrets, AuditLog audit, Clock clock) {
        this.keys = keys;
        this.hasher = hasher;
        this.webhookSecrets = webhookSecrets;
        this.audit = audit;
        this.clock = clock;
    }

    /** A key as the operator sees it; {@code key} only in the answer to its issue. */
    public record ApiKey(
            String id,
            String agent,
            String prefix,
            Instant createdAt,
            Optional<Instant> lastUsedAt,
            Optional<Instant> revokedAt,
            Optional<String> key,
            Optional<String> webhookSecret) {}

    @Transactional
    public ApiKey issue(String agent) {
        if (agent == null || !AGENT.matcher(agent).matches()) {
            throw ProblemException.badRequest("agent must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        Instant now = clock.instant();
        String key = PREFIX + RandomTokens.of(KEY_BYTES);
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.id = TimeOrderedIds.next(now);
        entity.keyHash = hasher.hash(key);
        entity.prefix = key.substring(0, SHOWN_PREFIX);
        entity.agent = agent;
        entity.createdAt = now;
        keys.persist(entity);
        audit.record(AuditEvent.success("api_key.issued", "admin", agent, null, "api_key:" + entity.id)
                .withDetail(Map.of("prefix", entity.prefix)));
        return view(entity, Optional.of(key), Optional.of(webhookSecrets.of(agent)));
    }

    @Transactional
    public List<ApiKey> all() {
        return keys.all().stream()
                .map(e -> view(e, Optional.empty(), Optional.empty()))
                .toList();
    }

    /** Revokes the key; false when there is no live key with this id. */
    @Transactional
    public boolean revoke(String id) {
        if (id == null || id.length() > 36) {
            return false;
        }
        boolean revoked = keys.revoke(id, clock.instant());
        if (revoked) {
            ApiKeyEntity entity = keys.findById(id);
            audit.record(AuditEvent.success("api_key.revoked", "admin", entity.agent, null, "api_key:" + id));
        }
        return revoked;
    }

    /** The agent a presented key belongs to, if it is a live key; records the use. */
    @Transactional
    public Optional<String> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        Optional<ApiKeyEntity> found = keys.byHash(hasher.hash(presented)).filter(k -> k.revokedAt == null);
        found.ifPresent(k -> {
            Instant now = clock.instant();
            keys.recordUse(k.id, now, now.minus(USE_RESOLUTION));
        });
        return found.map(k -> k.agent);
    }

    private static ApiKey view(ApiKeyEntity e, Optional<String> key, Optional<String> webhookSecret) {
        return new ApiKey(
                e.id,
                e.agent,
                e.prefix,
                e.createdAt,
                Optional.ofNullable(e.lastUsedAt),
                Optional.ofNullable(e.revokedAt),
                key,
                webhookSecret);
    }
}
