package dev.countersign.provider;

import dev.countersign.common.OAuthError;
import java.time.Duration;
import java.util.Set;

/**
 * What a JWT that a client signed must satisfy, beyond a valid signature and a fresh {@code jti}.
 *
 * @param algorithms the JWS algorithms accepted from this client here
 * @param audiences the values of which {@code aud} must contain at least one
 * @param subjectIsClient whether {@code sub} must be the client id (RFC 7523 §3 item 2.B)
 * @param issuedAtAndNotBeforeRequired whether {@code iat} and {@code nbf} are REQUIRED (CIBA Core 1.0 §7.1.1)
 * @param maxLifetime how far in the future {@code exp} may be, and how far in the past {@code iat}
 * @param failure the error answered for every violation
 */
public record JwtRules(
        Set<JwsAlgorithm> algorithms,
        Set<String> audiences,
        boolean subjectIsClient,
        boolean issuedAtAndNotBeforeRequired,
        Duration maxLifetime,
        OAuthError failure) {}
