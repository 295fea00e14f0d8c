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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * Checks a DPoP proof against the request it came with: RFC 9449 §4.3 checks 1–9, 11 and 12 (the
 * {@code ath} half). "These checks may be performed in any order"; here the cheap structural ones
 * come first and the signature before any claim is trusted. Check 10 (the server nonce) and the
 * single use of {@code jti} (§11.1) belong to {@link DpopProofs}. Every failure is
 * {@code invalid_dpop_proof} (RFC 9449 §5).
 */
public final class DpopProofValidator {
    static final String TYPE = "dpop+jwt";
    /** Far above any honest proof (an RSA-4096 jwk and the claims fit in 2 KiB). */
    static final int MAX_PROOF_CHARS = 8192;
    /** RFC 9449 §11.1: "reject DPoP proof JWTs with unnecessarily large jti values". */
    static final int MAX_JTI_CHARS = 256;
    /** RFC 7518 §6.2.2, §6.3.2 and §6.4: members only private or symmetric keys have. */
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private static final Set<String> KEY_TYPES = Set.of("EC", "RSA");
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

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
        JsonWebSignature jws = parse(single(headerValues));
        DpopAlgorithm alg = algorithm(jws);
        PublicJsonWebKey jwk = publicKey(jws);
        JwtClaims claims = verifiedClaims(jws, jwk, alg);
        String jti = jti(claims);
        method(claims, method);
        targetUri(claims, targetUri);
        Instant iat = issuedAt(claims);
        accessToken.ifPresent(token -> accessTokenHash(claims, token));
        return new DpopProof(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256), jti, iat, nonce(claims));
    }

    // §4.3 check 1: "There is not more than one DPoP HTTP request header field."
    private static String single(List<String> headerValues) {
        if (headerValues.size() != 1) {
            throw invalid("the request must carry exactly one DPoP header");
        }
        return headerValues.get(0);
    }

    // §4.3 check 2: "The DPoP HTTP request header field value is a single and well-formed JWT."
    // check 4: "The typ JOSE Header Parameter has the value dpop+jwt."
    private static JsonWebSignature parse(String value) {
        if (value.length() > MAX_PROOF_CHARS || !COMPACT_JWS.matcher(value).matches()) {
            throw invalid("the DPoP header is not a single compact JWS");
        }
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(value);
            String typ = jws.getHeader("typ");
            // RFC 7515 §4.1.9: media type names compare case-insensitively; "application/" may be omitted.
            if (typ == null || !(typ.equalsIgnoreCase(TYPE) || typ.equalsIgnoreCase("application/" + TYPE))) {
                throw invalid("the DPoP proof's typ must be dpop+jwt");
            }
            return jws;
        } catch (JoseException e) {
            throw invalid("the DPoP header is not a well-formed JWT");
        }
    }

    // §4.3 check 5: alg "is not none, is supported by the application, and is acceptable per local policy";
    // §4.2: it "MUST NOT be none or an identifier for a symmetric algorithm".
    private DpopAlgorithm algorithm(JsonWebSignature jws) {
        return DpopAlgorithm.fromAlg(jws.getAlgorithmHeaderValue())
                .filter(algorithms::contains)
                .orElseThrow(() -> invalid("the DPoP proof's alg must be one of dpop_signing_alg_values_supported"));
    }

    // §4.3 check 7: "The jwk JOSE Header Parameter does not contain a private key."
    private static PublicJsonWebKey publicKey(JsonWebSignature jws) {
        if (!(jws.getHeaders().getObjectHeaderValue("jwk") instanceof Map<?, ?> jwk)) {
            throw invalid("the DPoP proof must carry its public key in the jwk header");
        }
        if (PRIVATE_MEMBERS.stream().anyMatch(jwk::containsKey)) {
            throw invalid("the DPoP proof's jwk must not contain a private key");
        }
        if (!KEY_TYPES.contains(String.valueOf(jwk.get("kty")))) {
            throw invalid("the DPoP proof's jwk must be an EC or RSA public key");
        }
        try {
            return jws.getHeaders().getPublicJwkHeaderValue("jwk", null);
        } catch (JoseException | RuntimeException e) {
            throw invalid("the DPoP proof's jwk is not a valid public key");
        }
    }

    // §4.3 check 6: "The JWT signature verifies with the public key contained in the jwk JOSE Header
    // Parameter." check 3: "All required claims per Section 4.2 are contained in the JWT."
    private static JwtClaims verifiedClaims(JsonWebSignature jws, PublicJsonWebKey jwk, DpopAlgorithm alg) {
        jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg.name()));
        jws.setKey(jwk.getPublicKey());
        try {
            if (!jws.verifySignature()) {
                throw invalid("the DPoP proof's signature does not verify with its jwk");
            }
            return JwtClaims.parse(jws.getPayload());
        } catch (JoseException | InvalidJwtException | RuntimeException e) {
            if (e instanceof OAuthException oauth) {
                throw oauth;
            }
            throw invalid("the DPoP proof's signature does not verify with its jwk");
        }
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
