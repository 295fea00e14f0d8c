package dev.countersign.provider;

import dev.countersign.common.ServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.JoseException;

/**
 * Verifies an {@code id_token_hint} (CIBA Core 1.0 §7.1): "An ID Token previously issued to the
 * Client by the OpenID Provider". The signature must verify with one of this provider's stored keys
 * under that key's algorithm, {@code iss} must be this issuer, {@code aud} must name the client, and
 * it must be an ID token rather than an access token. Expiry is not checked: the spec lets a client
 * pass back an expired ID token as a hint.
 */
@ApplicationScoped
public class IdTokenHints {
    private final SigningKeys keys;
    private final ServiceConfig service;

    public IdTokenHints(SigningKeys keys, ServiceConfig service) {
        this.keys = keys;
        this.service = service;
    }

    /** The {@code sub} of a valid hint for this client, or empty for anything else. */
    public Optional<String> subjectOf(String idToken, String clientId) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(idToken);
            if (!"JWT".equals(jws.getHeader("typ")) || jws.getKeyIdHeaderValue() == null) {
                return Optional.empty();
            }
            Optional<SigningKey> key = keys.find(jws.getKeyIdHeaderValue());
            if (key.isEmpty()) {
                return Optional.empty();
            }
            // Only the key's own algorithm: no "none", no HMAC keyed with a public key.
            jws.setAlgorithmConstraints(new AlgorithmConstraints(
                    AlgorithmConstraints.ConstraintType.PERMIT, key.get().alg().name()));
            jws.setKey(key.get().publicKey());
            if (!jws.verifySignature()) {
                return Optional.empty();
            }
            JwtClaims claims = JwtClaims.parse(jws.getPayload());
            boolean ours = service.issuer().toString().equals(claims.getIssuer())
                    && claims.getAudience().contains(clientId)
                    && claims.getSubject() != null;
            return ours ? Optional.of(claims.getSubject()) : Optional.empty();
        } catch (JoseException | InvalidJwtException | MalformedClaimException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
