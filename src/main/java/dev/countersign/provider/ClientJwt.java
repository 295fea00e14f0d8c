package dev.countersign.provider;

import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import java.util.Optional;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.JoseException;

/**
 * A JWT a client sent (a client assertion or a signed authentication request), parsed but not yet
 * verified: only a JWS in compact serialization (RFC 7515 §7.1) with a JSON claims set is accepted;
 * an unsecured JWT ({@code alg: none}) or a JWE is refused by {@link ClientJwtVerifier}.
 */
public final class ClientJwt {
    static final int MAX_LENGTH = 16 * 1024;

    final JsonWebSignature jws;
    final JwtClaims claims;

    private ClientJwt(JsonWebSignature jws, JwtClaims claims) {
        this.jws = jws;
        this.claims = claims;
    }

    /** Parses the compact JWS, or throws {@code failure}. */
    public static ClientJwt parse(String compact, OAuthError failure) {
        if (compact.length() > MAX_LENGTH
                || compact.chars().filter(c -> c == '.').count() != 2) {
            throw OAuthException.of(failure, "the JWT must be a JWS in compact serialization");
        }
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(compact);
            return new ClientJwt(jws, JwtClaims.parse(jws.getUnverifiedPayload()));
        } catch (JoseException | InvalidJwtException | RuntimeException e) {
            throw OAuthException.of(failure, "the JWT is malformed");
        }
    }

    /** The {@code sub} claim before verification, to find the client an assertion names. */
    public Optional<String> unverifiedSubject() {
        return stringClaim("sub");
    }

    /** The {@code iss} claim before verification. */
    public Optional<String> unverifiedIssuer() {
        return stringClaim("iss");
    }

    private Optional<String> stringClaim(String name) {
        try {
            return Optional.ofNullable(claims.getStringClaimValue(name));
        } catch (MalformedClaimException e) {
            return Optional.empty();
        }
    }
}
