package dev.countersign.provider;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import dev.countersign.provider.store.RevokedAccessTokenRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;

/**
 * Token revocation (RFC 7009 §2) for an authenticated client. A refresh token revokes its whole
 * family and the access tokens issued with it (§2.1); an access token is revoked by recording its
 * {@code jti} until its {@code exp}, so that introspection and UserInfo treat it as dead. Order:
 * {@code token} missing → {@code invalid_request}; a hint other than {@code access_token} or
 * {@code refresh_token} → {@code unsupported_token_type}; a live token of another client →
 * {@code invalid_grant}; a live ID token → {@code unsupported_token_type}; an unknown, expired or
 * already revoked token → success (§2.2: "invalid tokens do not cause an error response").
 */
@ApplicationScoped
public class TokenRevocation {
    static final Set<String> HINTS = Set.of(TokenIntrospection.ACCESS_TOKEN, TokenIntrospection.REFRESH_TOKEN);
    private static final String FOREIGN = "the token was not issued to this client";

    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final RevokedAccessTokenRepository revoked;
    private final AuditLog audit;
    private final Clock clock;

    public TokenRevocation(
            AccessTokens accessTokens,
            RefreshTokens refreshTokens,
            RevokedAccessTokenRepository revoked,
            AuditLog audit,
            Clock clock) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.revoked = revoked;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public void revoke(Client client, FormParameters form) {
        // token (REQUIRED), §2.1
        String token = form.get(TokenIntrospection.TOKEN)
                .orElseThrow(() -> OAuthException.invalidRequest("token is required"));
        // token_type_hint (OPTIONAL), §2.1 and §2.2.1 unsupported_token_type
        if (form.get(TokenIntrospection.TOKEN_TYPE_HINT)
                .filter(h -> !HINTS.contains(h))
                .isPresent()) {
            throw OAuthException.of(
                    OAuthError.UNSUPPORTED_TOKEN_TYPE, "only access_token and refresh_token can be revoked");
        }
        if (!revokeAccessToken(token, client)) {
            revokeRefreshToken(token, client);
        }
    }

    /**
     * §2.1: "The authorization server first validates the client credentials ... and then verifies
     * whether the token was issued to the client making the revocation request. If this validation
     * fails, the request is refused". Answers whether the token was a JWT of this provider.
     */
    private boolean revokeAccessToken(String token, Client client) {
        Optional<JwtClaims> claims = accessTokens.signedByUs(token, JwtTokenIssuer.ACCESS_TOKEN_TYPE);
        if (claims.isEmpty()) {
            refuseIdToken(token, client);
            return false;
        }
        if (!client.clientId().equals(claims.get().getClaimValue("client_id"))) {
            throw OAuthException.invalidGrant(FOREIGN);
        }
        String jti = (String) claims.get().getClaimValue("jti");
        if (revoked.revoke(jti, client.clientId(), clock.instant(), AccessTokens.expiry(claims.get()))) {
            audit.record(AuditEvent.success(
                            "token.revoked",
                            "client:" + client.clientId(),
                            client.clientId(),
                            null,
                            "access_token:" + jti)
                    .withDetail(Map.of("token_type", TokenIntrospection.ACCESS_TOKEN)));
        }
        return true;
    }

    /** §2.2.1 unsupported_token_type: ID tokens are statements, not credentials; they cannot be revoked. */
    private void refuseIdToken(String token, Client client) {
        accessTokens.signedByUs(token, JwtTokenIssuer.ID_TOKEN_TYPE).ifPresent(claims -> {
            Object aud = claims.getClaimValue("aud");
            if (client.clientId().equals(aud)) {
                throw OAuthException.of(OAuthError.UNSUPPORTED_TOKEN_TYPE, "ID tokens cannot be revoked");
            }
        });
    }

    private void revokeRefreshToken(String token, Client client) {
        Optional<Boolean> own = refreshTokens.revoke(token, client);
        if (own.isPresent() && !own.get()) {
            throw OAuthException.invalidGrant(FOREIGN);
        }
    }
}
