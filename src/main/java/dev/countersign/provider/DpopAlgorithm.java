package dev.countersign.provider;

/**
 * The JWS algorithms a DPoP proof may be signed with: asymmetric digital signature algorithms only.
 * RFC 9449 §4.2: the {@code alg} "MUST NOT be none or an identifier for a symmetric algorithm (Message
 * Authentication Code (MAC))", so neither can be configured.
 */
public enum DpopAlgorithm {
    ES256,
    ES384,
    ES512,
    PS256,
    PS384,
    PS512,
    RS256,
    RS384,
    RS512;

    /** The algorithm named by a JWS {@code alg} header, if it is one of these (case-sensitive). */
    public static java.util.Optional<DpopAlgorithm> fromAlg(String alg) {
        for (DpopAlgorithm a : values()) {
            if (a.name().equals(alg)) {
                return java.util.Optional.of(a);
            }
        }
        return java.util.Optional.empty();
    }
}
