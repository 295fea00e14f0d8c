package dev.countersign.provider.http;

import dev.countersign.common.OAuthException;
import java.util.Optional;

/**
 * The access token of a request using the DPoP authentication scheme (RFC 9449 §7.1):
 * {@code credentials = "DPoP" 1*SP token68}. The scheme name is case-insensitive (RFC 9110 §11.1).
 */
final class DpopCredentials {
    private static final String SCHEME = "DPoP ";

    private DpopCredentials() {}

    /** The token, or empty when the Authorization header uses another scheme or is absent. */
    static Optional<String> of(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).trim();
        if (token.isEmpty()) {
            throw OAuthException.invalidToken("the DPoP credentials are empty");
        }
        return Optional.of(token);
    }
}
