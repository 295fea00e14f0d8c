package dev.countersign.provider;

import dev.countersign.common.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Verifies a JWT that a client signed: RFC 7523 §3 (client assertions, with OIDC Core §9) and CIBA
 * Core 1.0 §7.1.1 (signed authentication requests), as {@link JwtRules} say. Order: algorithm →
 * signature → {@code iss} → {@code sub} → {@code aud} → {@code exp} → {@code nbf} → {@code iat} →
 * {@code jti}, then the {@code jti} is recorded as used, last, so that a refused JWT records
 * nothing. Every violation is {@link JwtRules#failure()}.
 */
@ApplicationScoped
public class ClientJwtVerifier {
    static final int MAX_JTI = 256;

    private final ClientKeys keys;
    private final UsedJwtIds usedJwtIds;
    private final Duration skew;
    private final Clock clock;

    public ClientJwtVerifier(ClientKeys keys, UsedJwtIds usedJwtIds, ProviderConfig config, Clock clock) {
        this.keys = keys;
        this.usedJwtIds = usedJwtIds;
        this.skew = config.clientAuth().clockSkew();
        this.clock = clock;
    }

    /**
     * The verified claims.
     *
     * @param secret the client secret, for the HMAC algorithms of client_secret_jwt only
     */
    public Map<String, Object> verify(Client client, ClientJwt jwt, JwtRules rules, Optional<byte[]> secret) {
        JwsAlgorithm alg = algorithm(jwt, rules);
        signature(client, jwt, alg, rules, secret);
        try {
            Instant expiresAt = claims(client, jwt, rules);
            String jti = jwt.claims.getJwtId();
            // RFC 7523 §3 item 7: "maintaining the set of used "jti" values for the length of time for
            // which the JWT would be considered valid based on the applicable "exp" instant".
            if (!usedJwtIds.firstUse(client.clientId(), jti, expiresAt.plus(skew))) {
                throw fail(rules, "the JWT has been used before (jti)");
            }
            return jwt.claims.getClaimsMap();
        } catch (MalformedClaimException e) {
            throw fail(rules, "a claim of the JWT has the wrong type");
        }
    }

    // RFC 7518 §3.1 alg: "none" is not in JwsAlgorithm; each use accepts only the algorithms of its
    // rules (asymmetric for private_key_jwt and signed requests, HMAC for client_secret_jwt), so a
    // public key can never serve as an HMAC secret.
    private static JwsAlgorithm algorithm(ClientJwt jwt, JwtRules rules) {
        return JwsAlgorithm.fromWire(jwt.jws.getAlgorithmHeaderValue())
                .filter(rules.algorithms()::contains)
                .orElseThrow(() -> fail(rules, "the JWT must be signed with one of " + rules.algorithms()));
    }

    // RFC 7523 §3 item 9: "The authorization server MUST reject JWTs with an invalid signature or MAC."
    private void signature(Client client, ClientJwt jwt, JwsAlgorithm alg, JwtRules rules, Optional<byte[]> secret) {
        List<Key> candidates;
        try {
            candidates = alg.isSymmetric()
                    ? secret.map(s -> (Key) new HmacKey(s)).stream().toList()
                    : keys.candidates(client, alg, Optional.ofNullable(jwt.jws.getKeyIdHeaderValue()));
        } catch (JwksUriCache.Unavailable e) {
            throw fail(rules, e.getMessage());
        }
        jwt.jws.setAlgorithmConstraints(
                new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg.name()));
        for (Key key : candidates) {
            try {
                jwt.jws.setKey(key);
                if (jwt.jws.verifySignature()) {
                    return;
                }
            } catch (JoseException | RuntimeException e) {
                // A key that cannot verify this JWS (e.g. too short for the algorithm) is not the key.
            }
        }
        throw fail(rules, "the JWT signature does not verify with a key of the client");
    }

    /** Checks the registered claims; returns the expiry. */
    private Instant claims(Client client, ClientJwt jwt, JwtRules rules) throws MalformedClaimException {
        var claims = jwt.claims;
        // RFC 7523 §3 item 1, OIDC Core §9 iss: "This MUST contain the client_id of the OAuth Client."
        if (!client.clientId().equals(claims.getIssuer())) {
            throw fail(rules, "iss must be the client_id");
        }
        // RFC 7523 §3 item 2.B: "For client authentication, the subject MUST be the "client_id"".
        if (rules.subjectIsClient() && !client.clientId().equals(claims.getSubject())) {
            throw fail(rules, "sub must be the client_id");
        }
        // RFC 7523 §3 item 3: "The authorization server MUST reject any JWT that does not contain its
        // own identity as the intended audience."
        if (!claims.hasAudience() || claims.getAudience().stream().noneMatch(rules.audiences()::contains)) {
            throw fail(rules, "aud must identify this server");
        }
        Instant now = clock.instant();
        Instant exp = expiry(claims.getExpirationTime(), now, rules);
        notBefore(claims.getNotBefore(), now, rules);
        issuedAt(claims.getIssuedAt(), now, rules);
        // OIDC Core §9 jti: REQUIRED; CIBA Core 1.0 §7.1.1 jti: REQUIRED.
        String jti = claims.getJwtId();
        if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI) {
            throw fail(rules, "jti is required (1 to " + MAX_JTI + " characters)");
        }
        return exp;
    }

    // RFC 7523 §3 item 4: "The JWT MUST contain an "exp" (expiration time) claim ... The authorization
    // server MUST reject any JWT with an expiration time that has passed, subject to allowable clock
    // skew between systems. ... MAY reject JWTs with an "exp" claim value that is unreasonably far in
    // the future."
    private Instant expiry(NumericDate exp, Instant now, JwtRules rules) {
        if (exp == null) {
            throw fail(rules, "exp is required");
        }
        Instant instant = Instant.ofEpochSecond(exp.getValue());
        if (!instant.isAfter(now.minus(skew))) {
            throw fail(rules, "the JWT has expired");
        }
        if (instant.isAfter(now.plus(rules.maxLifetime()).plus(skew))) {
            throw fail(
                    rules,
                    "exp is further in the future than " + rules.maxLifetime().toSeconds() + " seconds");
        }
        return instant;
    }

    // RFC 7523 §3 item 5: "The JWT MAY contain an "nbf" (not before) claim that identifies the time
    // before which the token MUST NOT be accepted for processing." CIBA Core 1.0 §7.1.1: nbf REQUIRED.
    private void notBefore(NumericDate nbf, Instant now, JwtRules rules) {
        if (nbf == null) {
            if (rules.issuedAtAndNotBeforeRequired()) {
                throw fail(rules, "nbf is required");
            }
            return;
        }
        if (Instant.ofEpochSecond(nbf.getValue()).isAfter(now.plus(skew))) {
            throw fail(rules, "the JWT is not valid yet (nbf)");
        }
    }

    // RFC 7523 §3 item 6: "The authorization server MAY reject JWTs with an "iat" claim value that is
    // unreasonably far in the past." CIBA Core 1.0 §7.1.1: iat REQUIRED. One from the future is refused.
    private void issuedAt(NumericDate iat, Instant now, JwtRules rules) {
        if (iat == null) {
            if (rules.issuedAtAndNotBeforeRequired()) {
                throw fail(rules, "iat is required");
            }
            return;
        }
        Instant issued = Instant.ofEpochSecond(iat.getValue());
        if (issued.isAfter(now.plus(skew))) {
            throw fail(rules, "iat is in the future");
        }
        if (issued.isBefore(now.minus(rules.maxLifetime()).minus(skew))) {
            throw fail(rules, "iat is older than " + rules.maxLifetime().toSeconds() + " seconds");
        }
    }

    private static OAuthException fail(JwtRules rules, String description) {
        return OAuthException.of(rules.failure(), description);
    }
}
