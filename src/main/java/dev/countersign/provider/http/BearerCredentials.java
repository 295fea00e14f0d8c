package dev.countersign.provider.http;

import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import java.util.Optional;

/**
 * The bearer access token of a protected resource request (RFC 6750 §2): the {@code Authorization:
 * Bearer} header (§2.1) or the {@code access_token} form parameter (§2.2). "Clients MUST NOT use more
 * than one method to transmit the token in each request" (§2): both at once is {@code invalid_request}.
 */
final class BearerCredentials {
    static final String ACCESS_TOKEN = "access_token";
    private static final String SCHEME = "Bearer ";

    private BearerCredentials() {}

    /** The token, or empty when the request carries none (or only another scheme's credentials). */
    static Optional<String> of(String authorization, Optional<FormParameters> form) {
        Optional<String> header = Optional.ofNullable(authorization)
                .filter(h -> h.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
                .map(h -> h.substring(SCHEME.length()).trim());
        Optional<String> body = form.flatMap(f -> f.get(ACCESS_TOKEN));
        if (header.isPresent() && body.isPresent()) {
            throw OAuthException.invalidRequest("the access token was sent in more than one way");
        }
        if (header.isPresent() && header.get().isEmpty()) {
            throw OAuthException.invalidToken("the Bearer credentials are empty");
        }
        return header.or(() -> body);
    }
}
