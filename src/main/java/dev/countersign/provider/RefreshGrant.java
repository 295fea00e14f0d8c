package dev.countersign.provider;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What one live refresh token stands for: the original grant of its family (RFC 6749 §6: the new
 * token's scope "MUST be identical" to the old one's) and this token's own times.
 *
 * @param familyId the rotation chain the token belongs to
 * @param scopes the scope of the original grant
 * @param issuedAt when this refresh token was issued
 * @param expiresAt when this refresh token stops working unless used (idle or absolute end)
 * @param dpopJkt the thumbprint of the DPoP key the family is bound to (RFC 9449 §5), if any
 */
public record RefreshGrant(
        String familyId,
        String clientId,
        String userSub,
        Set<String> scopes,
        Optional<String> authorizationDetails,
        Instant authTime,
        Instant issuedAt,
        Instant expiresAt,
        Optional<String> dpopJkt) {}
