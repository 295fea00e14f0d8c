package dev.countersign.provider;

/**
 * Mints the tokens of a successful grant: an RFC 9068 access token naming the agent in {@code act}
 * and, when {@code openid} was granted, an OpenID Connect ID token. Signed with the current key
 * from {@code SigningKeys}.
 */
public interface TokenIssuer {
    TokenResponse issue(TokenRequest request);
}
