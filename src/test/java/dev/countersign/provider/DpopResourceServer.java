package dev.countersign.provider;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource server of docs/guides/dpop-resource-server.md, step by step, with Nimbus JOSE and no
 * Countersign code: it verifies a DPoP-bound access token with the provider's JWKS and the proof
 * alone. The guide quotes this class; DpopResourceServerGuideTest runs it against real tokens.
 */
public final class DpopResourceServer {
    private static final Set<JWSAlgorithm> PROOF_ALGS = Set.of(
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final JWKSet providerKeys;
    private final String issuer;
    private final String audience;
    private final Map<String, Instant> seenJtis = new ConcurrentHashMap<>();

    public DpopResourceServer(JWKSet providerKeys, String issuer, String audience) {
        this.providerKeys = providerKeys;
        this.issuer = issuer;
        this.audience = audience;
    }

    /**
     * Checks one request; returns its access token's claims or throws with the reason.
     *
     * @param authorization the Authorization header: {@code DPoP <token>}
     * @param dpopHeaders every DPoP header of the request
     * @param method the request method
     * @param publicUri this resource's public URL (configured, not taken from the Host header)
     */
    public JWTClaimsSet verify(
            String authorization, List<String> dpopHeaders, String method, URI publicUri, Instant now)
            throws Exception {
        // 1. The DPoP scheme (RFC 9449 §7.1); a token with cnf sent as Bearer is refused (§7.2).
        if (authorization == null || !authorization.regionMatches(true, 0, "DPoP ", 0, 5)) {
            throw new SecurityException("invalid_token: use the DPoP scheme");
        }
        String token = authorization.substring(5).trim();
        JWTClaimsSet claims = verifyAccessToken(token, now);
        // 2. Exactly one proof, a dpop+jwt signed with an asymmetric alg by the public jwk it carries.
        if (dpopHeaders.size() != 1) {
            throw new SecurityException("invalid_dpop_proof: exactly one DPoP header");
        }
        SignedJWT proof = SignedJWT.parse(dpopHeaders.get(0));
        JWK jwk = proof.getHeader().getJWK();
        if (!new JOSEObjectType("dpop+jwt").equals(proof.getHeader().getType())
                || !PROOF_ALGS.contains(proof.getHeader().getAlgorithm())
                || jwk == null
                || jwk.isPrivate()
                || !proof.verify(verifier(jwk))) {
            throw new SecurityException("invalid_dpop_proof: typ, alg, jwk or signature");
        }
        JWTClaimsSet p = proof.getJWTClaimsSet();
        // 3. htm, htu (no query or fragment), iat window, single-use jti.
        URI htu = URI.create(p.getStringClaim("htu"));
        URI expected = URI.create(publicUri.getScheme() + "://" + publicUri.getRawAuthority() + publicUri.getRawPath());
        if (!method.equals(p.getStringClaim("htm"))
                || !expected.equals(URI.create(htu.getScheme() + "://" + htu.getRawAuthority() + htu.getRawPath()))) {
            throw new SecurityException("invalid_dpop_proof: htm or htu");
        }
        Instant iat = p.getIssueTime().toInstant();
        if (iat.isBefore(now.minus(WINDOW)) || iat.isAfter(now.plusSeconds(5))) {
            throw new SecurityException("invalid_dpop_proof: iat");
        }
        if (seenJtis.putIfAbsent(p.getJWTID(), iat) != null) {
            throw new SecurityException("invalid_dpop_proof: jti replayed");
        }
        // 4. ath = base64url(SHA-256(ASCII access token)).
        Base64URL ath = Base64URL.encode(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        if (!ath.toString().equals(p.getStringClaim("ath"))) {
            throw new SecurityException("invalid_dpop_proof: ath");
        }
        // 5. cnf.jkt = RFC 7638 SHA-256 thumbprint of the proof's jwk.
        Map<String, Object> cnf = claims.getJSONObjectClaim("cnf");
        if (cnf == null || !jwk.computeThumbprint().toString().equals(cnf.get("jkt"))) {
            throw new SecurityException("invalid_token: the token is not bound to the proof's key");
        }
        return claims;
    }

    /** The RFC 9068 checks every access token gets, with the key the JWKS names by kid. */
    private JWTClaimsSet verifyAccessToken(String token, Instant now) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWK key = providerKeys.getKeyByKeyId(jwt.getHeader().getKeyID());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        if (key == null
                || !new JOSEObjectType("at+jwt").equals(jwt.getHeader().getType())
                || !jwt.verify(verifier(key))
                || !issuer.equals(claims.getIssuer())
                || !claims.getAudience().contains(audience)
                || !claims.getExpirationTime().toInstant().isAfter(now)) {
            throw new SecurityException("invalid_token");
        }
        return claims;
    }

    private static JWSVerifier verifier(JWK key) throws Exception {
        return key instanceof ECKey ec ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAKey) key);
    }
}
