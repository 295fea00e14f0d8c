package dev.countersign.provider;

import java.util.Arrays;
import java.util.Optional;

/** OIDC Core §9 client authentication methods this provider accepts. */
public enum TokenEndpointAuthMethod {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post");

    private final String wire;

    TokenEndpointAuthMethod(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<TokenEndpointAuthMethod> fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst();
    }
}
