package dev.countersign.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A DPoP client as RFC 9449 §4 describes it, built on Nimbus JOSE (not our code): it holds a key pair
 * and signs proofs. {@link Proof} lets a test change any header or claim, or sign with the wrong key,
 * to make the invalid proofs of §4.3.
 */
public final class DpopClient {
    private final JWK key;
    private final JWSAlgorithm alg;

    private DpopClient(JWK key, JWSAlgorithm alg) {
        this.key = key;
        this.alg = alg;
    }

    public static DpopClient es256() {
        try {
            return new DpopClient(new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DpopClient ps256() {
        try {
            return new DpopClient(new RSAKeyGenerator(2048).generate(), JWSAlgorithm.PS256);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The RFC 7638 SHA-256 thumbprint of the public key, as Nimbus computes it. */
    public String jkt() {
        try {
            return key.toPublicJWK().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public JWK key() {
        return key;
    }

    /** A proof for the request, with a fresh random jti and the default header. */
    public Proof proof(String htm, String htu, Instant iat) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("alg", alg.getName());
        header.put("jwk", key.toPublicJWK().toJSONObject());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", htm);
        claims.put("htu", htu);
        claims.put("iat", iat.getEpochSecond());
        return new Proof(header, claims);
    }

    /** RFC 9449 §4.2 ath: base64url of the SHA-256 of the ASCII access token. */
    public static String ath(String accessToken) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256")
                            .digest(accessToken.getBytes(StandardCharsets.US_ASCII)))
                    .toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One proof being built; every setter returns it for chaining. */
    public final class Proof {
        private final Map<String, Object> header;
        private final Map<String, Object> claims;

        private Proof(Map<String, Object> header, Map<String, Object> claims) {
            this.header = header;
            this.claims = claims;
        }

        public Proof header(String name, Object value) {
            header.put(name, value);
            return this;
        }

        public Proof claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        public Proof withoutHeader(String name) {
            header.remove(name);
            return this;
        }

        public Proof withoutClaim(String name) {
            claims.remove(name);
            return this;
        }

        /** Signed with this client's key. */
        public String sign() {
            return signWith(signer(key));
        }

        /** Signed with another key than the one in the jwk header. */
        public String signWithKeyOf(DpopClient other) {
            return signWith(signer(other.key));
        }

        /** Signed with HMAC-SHA-256 under a shared secret (as the HS256 alg would be). */
        public String signWithHmac(byte[] secret) {
            try {
                return signWith(new MACSigner(secret));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        private String signWith(JWSSigner signer) {
            String input = Base64URL.encode(JSONObjectUtils.toJSONString(header)) + "."
                    + Base64URL.encode(JSONObjectUtils.toJSONString(claims));
            try {
                JWSAlgorithm signing = signer instanceof MACSigner
                        ? JWSAlgorithm.HS256
                        : (signer instanceof ECDSASigner ? JWSAlgorithm.ES256 : JWSAlgorithm.PS256);
                Base64URL signature = signer.sign(new JWSHeader(signing), input.getBytes(StandardCharsets.US_ASCII));
                return input + "." + signature;
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static JWSSigner signer(JWK key) {
        try {
            return key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
