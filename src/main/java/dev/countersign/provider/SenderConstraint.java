package dev.countersign.provider;

import java.util.Optional;

/**
 * How the tokens of one token request are bound to the client: not at all (a bearer token, RFC
 * 6750), or to the public key of a verified DPoP proof by its RFC 7638 SHA-256 thumbprint (RFC 9449
 * §6.1, the access token's {@code cnf.jkt}). The token endpoint decides it and hands it to every grant
 * handler, which passes it on to the {@link TokenIssuer} in the {@link TokenRequest}.
 *
 * @param jkt the base64url JWK SHA-256 thumbprint of the DPoP proof's key, when bound
 */
public record SenderConstraint(Optional<String> jkt) {
    /** Not bound: a bearer token. */
    public static final SenderConstraint NONE = new SenderConstraint(Optional.empty());

    /** Bound to the DPoP key with this thumbprint. */
    public static SenderConstraint dpop(String jkt) {
        return new SenderConstraint(Optional.of(jkt));
    }

    /**
     * The {@code token_type} of the token response. RFC 9449 §5: "A token_type of DPoP MUST be included
     * in the access token response to signal to the client that the access token was bound to its DPoP
     * key".
     */
    public String tokenType() {
        return jkt.isPresent() ? "DPoP" : "Bearer";
    }
}
