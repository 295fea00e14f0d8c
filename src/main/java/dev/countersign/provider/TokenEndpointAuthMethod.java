package dev.countersign.provider;

import java.util.Arrays;
import java.util.Optional;

/** OIDC Core §9 client authentication methods this provider accepts. */
public enum TokenEndpointAuthMethod {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post"),
    /** OIDC Core §9: a JWT signed with the client's private key (RFC 7523 §2.2). */
    PRIVATE_KEY_JWT("private_key_jwt"),
    /** OIDC Core §9: a JWT with an HMAC keyed by the client secret (RFC 7523 §2.2). */
    CLIENT_SECRET_JWT("client_secret_jwt");

    private final String wire;

    TokenEndpointAuthMethod(String wire) {
        this.wire = wire;
    }

    /** Whether the client authenticates with a JWT assertion (RFC 7521 §4.2). */
    public boolean usesAssertion() {
        return this == PRIVATE_KEY_JWT || this == CLIENT_SECRET_JWT;
    }

    public String wire() {
        return wire;
    }

    public static Optional<TokenEndpointAuthMethod> fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst();
    }
}
