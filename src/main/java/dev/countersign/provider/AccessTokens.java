package dev.countersign.provider;

import dev.countersign.common.ServiceConfig;
import dev.countersign.provider.store.RevokedAccessTokenRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Checks the RFC 9068 access tokens this provider issued, as its own protected resources
 * (introspection, revocation, UserInfo) must: the JWS signature with the stored key named by
 * {@code kid} and only that key's algorithm (never {@code none}), the {@code typ} (RFC 9068 §4:
 * "Resource servers MUST verify that the typ header value is "at+jwt" or "application/at+jwt" and
 * reject tokens carrying any other value"), {@code iss}, {@code exp}, {@code jti},
 * and the revocation record written by {@link TokenRevocation}.
 */
@ApplicationScoped
public class AccessTokens {
    /** Far larger than any token this server signs; anything longer is not one of ours. */
    static final int MAX_TOKEN = 16 * 1024;

    private final SigningKeys keys;
    private final ServiceConfig service;
    private final RevokedAccessTokenRepository revoked;
    private final Clock clock;

    public AccessTokens(SigningKeys keys, ServiceConfig service, RevokedAccessTokenRepository revoked, Clock clock) {
        this.keys = keys;
        this.service = service;
        this.revoked = revoked;
        this.clock = clock;
    }

    /** The claims of a live access token of this provider; empty for anything else. */
    @Transactional
    public Optional<JwtClaims> active(String token) {
        return signedByUs(token, JwtTokenIssuer.ACCESS_TOKEN_TYPE).filter(claims -> !isRevoked(claims));
    }

    /**
     * The claims of an unexpired JWT of the given {@code typ} this provider signed; empty when the
     * signature, issuer, expiry or {@code typ} does not check out.
     */
    Optional<JwtClaims> signedByUs(String token, String type) {
        if (token == null
                || token.length() > MAX_TOKEN
                || token.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        try {
            JwtContext context = consumer().process(token);
            List<JsonWebStructure> structures = context.getJoseObjects();
            if (structures.size() != 1 || !isType(structures.get(0).getHeader("typ"), type)) {
                return Optional.empty();
            }
            return Optional.of(context.getJwtClaims());
        } catch (InvalidJwtException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** RFC 7515 §4.1.9: "application/" may be omitted from a typ; compare without it. */
    private static boolean isType(String header, String type) {
        return header != null && (header.equals(type) || header.equalsIgnoreCase("application/" + type));
    }

    private boolean isRevoked(JwtClaims claims) {
        Object jti = claims.getClaimValue("jti");
        return !(jti instanceof String id) || revoked.isRevoked(id);
    }

    private JwtConsumer consumer() {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(this::keyFor)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithmNames())
                .setExpectedIssuer(service.issuer().toString())
                .setRequireExpirationTime()
                .setRequireJwtId()
                .setSkipDefaultAudienceValidation()
                .setEvaluationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond()))
                .setAllowedClockSkewInSeconds(0)
                .build();
    }

    /** The stored key named by {@code kid}, only for the algorithm it was generated for. */
    private Key keyFor(JsonWebSignature jws, List<JsonWebStructure> nesting) throws UnresolvableKeyException {
        String kid = jws.getKeyIdHeaderValue();
        String alg = jws.getAlgorithmHeaderValue();
        return Optional.ofNullable(kid)
                .flatMap(keys::find)
                .filter(key -> key.alg().name().equals(alg))
                .map(SigningKey::publicKey)
                .orElseThrow(() -> new UnresolvableKeyException("no key of this provider matches kid and alg"));
    }

    private static String[] algorithmNames() {
        SigningAlgorithm[] all = SigningAlgorithm.values();
        String[] names = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            names[i] = all[i].name();
        }
        return names;
    }

    /** The {@code exp} of verified claims. */
    static Instant expiry(JwtClaims claims) {
        try {
            return Instant.ofEpochSecond(claims.getExpirationTime().getValue());
        } catch (org.jose4j.jwt.MalformedClaimException e) {
            throw new IllegalStateException("a verified token has a malformed exp", e);
        }
    }
}
