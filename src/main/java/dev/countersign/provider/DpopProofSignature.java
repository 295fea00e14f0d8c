package dev.countersign.provider;

import dev.countersign.common.OAuthException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * The JOSE half of checking a DPoP proof (RFC 9449 §4.3 checks 1, 2 and 4–7): one header holding one
 * compact JWS, typed {@code dpop+jwt}, signed with an accepted asymmetric algorithm by the public key
 * in its {@code jwk} header. Answers the verified claims and the key's RFC 7638 thumbprint; the claim
 * checks are {@link DpopProofValidator}'s.
 */
final class DpopProofSignature {
    static final String TYPE = "dpop+jwt";
    /** Far above any honest proof (an RSA-4096 jwk and the claims fit in 2 KiB). */
    static final int MAX_PROOF_CHARS = 8192;
    /** RFC 7518 §6.2.2, §6.3.2 and §6.4: members only private or symmetric keys have. */
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private static final Set<String> KEY_TYPES = Set.of("EC", "RSA");
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    /** A proof whose signature verified: its claims and the thumbprint of its key. */
    record Verified(JwtClaims claims, String jkt) {}

    private DpopProofSignature() {}

    static Verified verify(List<String> headerValues, Set<DpopAlgorithm> algorithms) {
        JsonWebSignature jws = parse(single(headerValues));
        DpopAlgorithm alg = algorithm(jws, algorithms);
        PublicJsonWebKey jwk = publicKey(jws);
        return new Verified(verifiedClaims(jws, jwk, alg), jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
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
        JsonWebSignature jws = new JsonWebSignature();
        try {
            jws.setCompactSerialization(value);
        } catch (JoseException e) {
            throw invalid("the DPoP header is not a well-formed JWT");
        }
        String typ = jws.getHeader("typ");
        // RFC 7515 §4.1.9: media type names compare case-insensitively; "application/" may be omitted.
        if (typ == null || !(typ.equalsIgnoreCase(TYPE) || typ.equalsIgnoreCase("application/" + TYPE))) {
            throw invalid("the DPoP proof's typ must be dpop+jwt");
        }
        return jws;
    }

    // §4.3 check 5: alg "is not none, is supported by the application, and is acceptable per local policy";
    // §4.2: it "MUST NOT be none or an identifier for a symmetric algorithm".
    private static DpopAlgorithm algorithm(JsonWebSignature jws, Set<DpopAlgorithm> algorithms) {
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
    // Parameter."
    private static JwtClaims verifiedClaims(JsonWebSignature jws, PublicJsonWebKey jwk, DpopAlgorithm alg) {
        jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg.name()));
        jws.setKey(jwk.getPublicKey());
        boolean verified;
        try {
            verified = jws.verifySignature();
        } catch (JoseException | RuntimeException e) {
            verified = false;
        }
        if (!verified) {
            throw invalid("the DPoP proof's signature does not verify with its jwk");
        }
        try {
            return JwtClaims.parse(jws.getPayload());
        } catch (JoseException | InvalidJwtException e) {
            throw invalid("the DPoP proof's payload is not a JSON object of claims");
        }
    }

    private static OAuthException invalid(String description) {
        return OAuthException.invalidDpopProof(description);
    }
}
