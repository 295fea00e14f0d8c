package dev.countersign.provider;

import java.util.Map;

/**
 * Mints the tokens of a successful grant: an RFC 9068 access token naming the agent in {@code act}
 * and, when {@code openid} was granted, an OpenID Connect ID token. Signed with the current key
 * from {@code SigningKeys}.
 */
public interface TokenIssuer {
    default TokenResponse issue(TokenRequest request) {
        return issue(request, Map.of());
    }

    /**
     * Mints the tokens with extra ID token claims, such as CIBA's
     * {@code urn:openid:params:jwt:claim:auth_req_id} in push mode.
     */
    TokenResponse issue(TokenRequest request, Map<String, String> idTokenClaims);
}
