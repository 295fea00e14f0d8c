package dev.countersign.provider;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The JWS algorithms (RFC 7518 §3.1) accepted on JWTs that clients sign: client assertions (RFC 7523,
 * OIDC Core §9) and signed authentication requests (CIBA Core 1.0 §7.1.1). {@code none} is not among
 * them. Each asymmetric algorithm names the key type (and curve) it needs, so that a key of another
 * type is never used with it.
 */
public enum JwsAlgorithm {
    RS256("RSA", null),
    RS384("RSA", null),
    RS512("RSA", null),
    PS256("RSA", null),
    PS384("RSA", null),
    PS512("RSA", null),
    ES256("EC", "P-256"),
    ES384("EC", "P-384"),
    ES512("EC", "P-521"),
    /** OIDC Core §9 client_secret_jwt: "an HMAC SHA algorithm, such as HMAC SHA-256". */
    HS256("oct", null),
    HS384("oct", null),
    HS512("oct", null);

    private final String keyType;
    private final String curve;

    JwsAlgorithm(String keyType, String curve) {
        this.keyType = keyType;
        this.curve = curve;
    }

    /** The JWK {@code kty} (RFC 7518 §6.1) of the keys this algorithm verifies with. */
    public String keyType() {
        return keyType;
    }

    /** The JWK {@code crv} an EC key must have, empty for other key types. */
    public Optional<String> curve() {
        return Optional.ofNullable(curve);
    }

    public boolean isSymmetric() {
        return "oct".equals(keyType);
    }

    /** The algorithm named exactly by a JWS {@code alg} header or metadata value. */
    public static Optional<JwsAlgorithm> fromWire(String value) {
        return Arrays.stream(values()).filter(a -> a.name().equals(value)).findFirst();
    }

    /** The algorithms of private_key_jwt and of signed requests: asymmetric only. */
    public static List<JwsAlgorithm> asymmetric() {
        return Arrays.stream(values()).filter(a -> !a.isSymmetric()).toList();
    }

    /** The algorithms of client_secret_jwt: HMAC only. */
    public static List<JwsAlgorithm> symmetric() {
        return Arrays.stream(values()).filter(JwsAlgorithm::isSymmetric).toList();
    }
}
