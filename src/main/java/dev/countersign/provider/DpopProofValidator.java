package dev.countersign.provider;

import dev.countersign.common.OAuthException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;

/**
 * Checks a DPoP proof against the request it came with: RFC 9449 §4.3 checks 1–9, 11 and 12 (the
 * {@code ath} half). "These checks may be performed in any order"; here the JOSE ones come first
 * ({@link DpopProofSignature}: the cheap structural checks, then the signature) so that no claim is
 * read before the signature verified. Check 10 (the server nonce) and the
 * single use of {@code jti} (§11.1) belong to {@link DpopProofs}. Every failure is
 * {@code invalid_dpop_proof} (RFC 9449 §5).
 */
public final class DpopProofValidator {
    /** RFC 9449 §11.1: "reject DPoP proof JWTs with unnecessarily large jti values". */
    static final int MAX_JTI_CHARS = 256;

    private final Set<DpopAlgorithm> algorithms;
    private final Duration maxAge;
    private final Duration clockSkew;
    private final Clock clock;

    public DpopProofValidator(Set<DpopAlgorithm> algorithms, Duration maxAge, Duration clockSkew, Clock clock) {
        this.algorithms = Set.copyOf(algorithms);
        this.maxAge = maxAge;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    /**
     * The proof in the request's {@code DPoP} header fields, checked against the request.
     *
     * @param headerValues every {@code DPoP} header field of the request (at least one)
     * @param method the request's HTTP method
     * @param targetUri the request's URI as the client addressed it (from the issuer, not the Host header)
     * @param accessToken the access token presented with the proof at a resource, if any
     */
    public DpopProof validate(
            List<String> headerValues, String method, String targetUri, Optional<String> accessToken) {
        DpopProofSignature.Verified verified = DpopProofSignature.verify(headerValues, algorithms);
        JwtClaims claims = verified.claims();
        String jti = jti(claims);
        method(claims, method);
        targetUri(claims, targetUri);
        Instant iat = issuedAt(claims);
        accessToken.ifPresent(token -> accessTokenHash(claims, token));
        return new DpopProof(verified.jkt(), jti, iat, nonce(claims));
    }

    // jti (REQUIRED), §4.2
    private static String jti(JwtClaims claims) {
        String jti = stringClaim(claims, "jti");
        if (jti.length() > MAX_JTI_CHARS) {
            throw invalid("the DPoP proof's jti is longer than " + MAX_JTI_CHARS + " characters");
        }
        return jti;
    }

    // §4.3 check 8: "The htm claim matches the HTTP method of the current request."
    private static void method(JwtClaims claims, String method) {
        if (!stringClaim(claims, "htm").equals(method)) {
            throw invalid("the DPoP proof's htm does not match the request method");
        }
    }

    // §4.3 check 9: "The htu claim matches the HTTP URI value for the HTTP request in which the JWT was
    // received, ignoring any query and fragment parts."
    private static void targetUri(JwtClaims claims, String targetUri) {
        Optional<String> htu = TargetUri.normalize(stringClaim(claims, "htu"));
        if (htu.isEmpty() || !htu.equals(TargetUri.normalize(targetUri))) {
            throw invalid("the DPoP proof's htu does not match the request URI");
        }
    }

    // §4.3 check 11: "The creation time of the JWT ... is within an acceptable window"; §11.1 allows iat
    // "in the reasonably near future".
    private Instant issuedAt(JwtClaims claims) {
        NumericDate iat;
        try {
            iat = claims.getIssuedAt();
        } catch (MalformedClaimException e) {
            throw invalid("the DPoP proof's iat must be a number");
        }
        if (iat == null) {
            throw invalid("the DPoP proof must contain iat");
        }
        Instant issued = Instant.ofEpochSecond(iat.getValue());
        Instant now = clock.instant();
        if (issued.isBefore(now.minus(maxAge)) || issued.isAfter(now.plus(clockSkew))) {
            throw invalid("the DPoP proof's iat is outside the accepted window");
        }
        return issued;
    }

    // §4.3 check 12: "ensure that the value of the ath claim equals the hash of that access token"; §4.2:
    // "base64url encoding ... the SHA-256 hash of the ASCII encoding of the associated access token's value".
    private static void accessTokenHash(JwtClaims claims, String accessToken) {
        if (!claims.hasClaim("ath")) {
            throw invalid("the DPoP proof must contain ath when it comes with an access token");
        }
        byte[] expected = accessTokenHash(accessToken).getBytes(StandardCharsets.US_ASCII);
        byte[] presented = stringClaim(claims, "ath").getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw invalid("the DPoP proof's ath does not match the access token");
        }
    }

    /** RFC 9449 §4.2 {@code ath}: base64url of the SHA-256 of the ASCII access token. */
    public static String accessTokenHash(String accessToken) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static Optional<String> nonce(JwtClaims claims) {
        return claims.hasClaim("nonce") ? Optional.of(stringClaim(claims, "nonce")) : Optional.empty();
    }

    private static String stringClaim(JwtClaims claims, String name) {
        try {
            String value = claims.getStringClaimValue(name);
            if (value == null || value.isEmpty()) {
                throw invalid("the DPoP proof must contain " + name);
            }
            return value;
        } catch (MalformedClaimException e) {
            throw invalid("the DPoP proof's " + name + " must be a string");
        }
    }

    private static OAuthException invalid(String description) {
        return OAuthException.invalidDpopProof(description);
    }
}
