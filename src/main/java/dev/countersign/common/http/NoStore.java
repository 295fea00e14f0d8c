package dev.countersign.common.http;

import jakarta.ws.rs.core.Response;

/**
 * The cache headers every response carrying tokens, credentials or errors needs: RFC 6749 §5.1
 * requires {@code Cache-Control: no-store} and {@code Pragma: no-cache}.
 */
public final class NoStore {
    private NoStore() {}

    public static Response.ResponseBuilder apply(Response.ResponseBuilder builder) {
        return builder.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }
}
