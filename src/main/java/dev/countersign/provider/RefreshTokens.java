package dev.countersign.provider;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.RandomTokens;
import dev.countersign.common.SecretHasher;
import dev.countersign.common.TimeOrderedIds;
import dev.countersign.provider.store.RefreshTokenEntity;
import dev.countersign.provider.store.RefreshTokenFamilyEntity;
import dev.countersign.provider.store.RefreshTokenFamilyRepository;
import dev.countersign.provider.store.RefreshTokenRepository;
import dev.countersign.provider.store.RevokedAccessTokenRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

/**
 * Refresh tokens (RFC 6749 §1.5, §6) as rotating families (OAuth 2.0 Security BCP, RFC 9700 §4.14.2):
 * 256-bit opaque values stored only as {@link SecretHasher} hashes; every use issues a new token of
 * the same family and kills the old one; a family ends after {@code refresh-token-lifetime}, a token
 * after {@code refresh-token-idle-lifetime} unused. Revoking a family also revokes the access tokens
 * issued with its refresh tokens (RFC 7009 §2.1).
 */
@ApplicationScoped
public class RefreshTokens {
    static final int TOKEN_BYTES = 32;
    /** Longer than any refresh token this server issues: not worth hashing. */
    static final int MAX_TOKEN = 128;

    private final RefreshTokenRepository tokens;
    private final RefreshTokenFamilyRepository families;
    private final RevokedAccessTokenRepository revokedAccessTokens;
    private final SecretHasher hasher;
    private final ProviderConfig config;
    private final AuditLog audit;
    private final Clock clock;

    public RefreshTokens(
            RefreshTokenRepository tokens,
            RefreshTokenFamilyRepository families,
            RevokedAccessTokenRepository revokedAccessTokens,
            SecretHasher hasher,
            ProviderConfig config,
            AuditLog audit,
            Clock clock) {
        this.tokens = tokens;
        this.families = families;
        this.revokedAccessTokens = revokedAccessTokens;
        this.hasher = hasher;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A new refresh token: in a new family for a fresh grant, or the next of {@code refreshFamily}
     * when rotating. Records the access token issued beside it, so revoking the family reaches it.
     */
    @Transactional
    String issue(TokenRequest request, String accessJti, Instant accessExpiresAt) {
        Instant now = now();
        RefreshTokenFamilyEntity family =
                request.refreshFamily().flatMap(families::byId).orElseGet(() -> newFamily(request, now));
        String token = RandomTokens.of(TOKEN_BYTES);
        RefreshTokenEntity entity = new RefreshTokenEntity();
        entity.tokenHash = hasher.hash(token);
        entity.familyId = family.id;
        entity.state = RefreshTokenEntity.ACTIVE;
        entity.createdAt = now;
        Instant idleEnd = now.plus(config.tokens().refreshTokenIdleLifetime());
        entity.expiresAt = idleEnd.isBefore(family.expiresAt) ? idleEnd : family.expiresAt;
        entity.accessJti = accessJti;
        entity.accessExpiresAt = accessExpiresAt;
        tokens.add(entity);
        String type = request.refreshFamily().isPresent() ? "refresh_token.rotated" : "refresh_token.issued";
        audit.record(AuditEvent.success(type, actor(family), family.clientId, family.userSub, subject(family))
                .withDetail(Map.of("scope", family.scope)));
        return token;
    }

    /**
     * The live grant behind a refresh token of this client, without using it: empty when the token
     * is unknown, another client's, used, expired or revoked (RFC 7662 §2.2 "active").
     */
    @Transactional
    public Optional<RefreshGrant> inspect(String token, Client client) {
        Instant now = now();
        return stored(token)
                .filter(t -> RefreshTokenEntity.ACTIVE.equals(t.state) && now.isBefore(t.expiresAt))
                .flatMap(t -> ownedFamily(t, client)
                        .filter(f -> f.revokedAt == null && now.isBefore(f.expiresAt))
                        .map(f -> grant(f, t)));
    }

    /**
     * Redeems a refresh token once (RFC 6749 §6) with the single conditional {@code ACTIVE → USED}
     * update. A token that was already used is a replay (RFC 9700 §4.14.2): its whole family is
     * revoked and the reuse audited. Empty means {@code invalid_grant}.
     */
    @Transactional
    Optional<RefreshGrant> redeem(String token, Client client) {
        Instant now = now();
        Optional<RefreshTokenEntity> stored = stored(token);
        Optional<RefreshTokenFamilyEntity> family = stored.flatMap(t -> ownedFamily(t, client));
        if (family.isEmpty() || family.get().revokedAt != null || !now.isBefore(family.get().expiresAt)) {
            return Optional.empty();
        }
        RefreshTokenEntity row = stored.get();
        if (tokens.markUsed(row.tokenHash, now)) {
            return Optional.of(grant(family.get(), row));
        }
        if (now.isBefore(row.expiresAt)) {
            // Not expired, yet not ACTIVE: it was used before (or by a concurrent request just now).
            revokeFamily(family.get(), now, "refresh_token.reuse_detected", "failure");
        }
        return Optional.empty();
    }

    /**
     * Revokes the family of a refresh token issued to this client (RFC 7009 §2.1). Answers whether
     * the token was this client's; an unknown, expired or already revoked token is not found.
     */
    @Transactional
    public Optional<Boolean> revoke(String token, Client client) {
        Instant now = now();
        Optional<RefreshTokenEntity> stored = stored(token);
        Optional<RefreshTokenFamilyEntity> family = stored.flatMap(t -> families.byId(t.familyId));
        if (family.isEmpty() || family.get().revokedAt != null || !now.isBefore(family.get().expiresAt)) {
            return Optional.empty();
        }
        if (!family.get().clientId.equals(client.clientId())) {
            return Optional.of(false);
        }
        revokeFamily(family.get(), now, "token.revoked", "success");
        return Optional.of(true);
    }

    private void revokeFamily(RefreshTokenFamilyEntity family, Instant now, String type, String outcome) {
        if (!families.revoke(family.id, now)) {
            return;
        }
        for (RefreshTokenEntity row : tokens.withLiveAccessTokens(family.id, now)) {
            revokedAccessTokens.revoke(row.accessJti, family.clientId, now, row.accessExpiresAt);
        }
        audit.record(new AuditEvent(
                type,
                outcome,
                actor(family),
                family.clientId,
                family.userSub,
                subject(family),
                Map.of("token_type", "refresh_token")));
    }

    /** Now, at the microsecond precision of the database, so that stored times compare exactly. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private RefreshTokenFamilyEntity newFamily(TokenRequest request, Instant now) {
        RefreshTokenFamilyEntity family = new RefreshTokenFamilyEntity();
        family.id = TimeOrderedIds.next(now);
        family.clientId = request.client().clientId();
        family.userSub = request.userSub();
        family.scope = String.join(" ", request.scopes());
        family.authorizationDetails = request.authorizationDetails().orElse(null);
        family.authTime = request.authTime();
        family.createdAt = now;
        family.expiresAt = now.plus(config.tokens().refreshTokenLifetime());
        // RFC 9449 §5: a family started with a DPoP proof stays bound to that key.
        family.dpopJkt = request.senderConstraint().jkt().orElse(null);
        families.add(family);
        return family;
    }

    private Optional<RefreshTokenEntity> stored(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        return tokens.byHash(hasher.hash(token));
    }

    private Optional<RefreshTokenFamilyEntity> ownedFamily(RefreshTokenEntity token, Client client) {
        return families.byId(token.familyId).filter(f -> f.clientId.equals(client.clientId()));
    }

    private static RefreshGrant grant(RefreshTokenFamilyEntity family, RefreshTokenEntity token) {
        return new RefreshGrant(
                family.id,
                family.clientId,
                family.userSub,
                new LinkedHashSet<>(Arrays.asList(family.scope.split(" "))),
                Optional.ofNullable(family.authorizationDetails),
                family.authTime,
                token.createdAt,
                token.expiresAt,
                Optional.ofNullable(family.dpopJkt));
    }

    private static String actor(RefreshTokenFamilyEntity family) {
        return "client:" + family.clientId;
    }

    private static String subject(RefreshTokenFamilyEntity family) {
        return "refresh_family:" + family.id;
    }
}
