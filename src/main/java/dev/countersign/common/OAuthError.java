package dev.countersign.common;

/**
 * The OAuth and OpenID Connect error codes this provider answers with: the wire code, the default
 * HTTP status and the section that defines it. Throw sites never pick a status themselves.
 */
public enum OAuthError {
    /** RFC 6749 §5.2, CIBA Core 1.0 §13. */
    INVALID_REQUEST("invalid_request", 400),
    /** RFC 6749 §5.2, CIBA Core 1.0 §13: client authentication failed, answered with 401. */
    INVALID_CLIENT("invalid_client", 401),
    /** RFC 6749 §5.2, CIBA Core 1.0 §11. */
    INVALID_GRANT("invalid_grant", 400),
    /** RFC 6749 §5.2, CIBA Core 1.0 §13. */
    UNAUTHORIZED_CLIENT("unauthorized_client", 400),
    /** RFC 6749 §5.2. */
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
    /** RFC 6749 §5.2, CIBA Core 1.0 §13. */
    INVALID_SCOPE("invalid_scope", 400),
    /** CIBA Core 1.0 §11 (token endpoint) and §13 (403 at the backchannel endpoint). */
    ACCESS_DENIED("access_denied", 400),
    /** CIBA Core 1.0 §11. */
    AUTHORIZATION_PENDING("authorization_pending", 400),
    /** CIBA Core 1.0 §11. */
    SLOW_DOWN("slow_down", 400),
    /** CIBA Core 1.0 §11. */
    EXPIRED_TOKEN("expired_token", 400),
    /** CIBA Core 1.0 §13. */
    UNKNOWN_USER_ID("unknown_user_id", 400),
    /** CIBA Core 1.0 §13. */
    EXPIRED_LOGIN_HINT_TOKEN("expired_login_hint_token", 400),
    /** CIBA Core 1.0 §13. */
    INVALID_BINDING_MESSAGE("invalid_binding_message", 400),
    /** RFC 9396 §5. */
    INVALID_AUTHORIZATION_DETAILS("invalid_authorization_details", 400),
    /** RFC 6750 §3.1: answered with a {@code WWW-Authenticate: Bearer} challenge. */
    INVALID_TOKEN("invalid_token", 401),
    /** RFC 9449 §5 (token endpoint, 400) and §7.1 (resource access, 401): the DPoP proof is invalid. */
    INVALID_DPOP_PROOF("invalid_dpop_proof", 400),
    /** RFC 9449 §8 (token endpoint, 400) and §9 (resource access, 401): retry with the supplied nonce. */
    USE_DPOP_NONCE("use_dpop_nonce", 400),
    /** RFC 6750 §3.1: "The request requires higher privileges than provided by the access token." */
    INSUFFICIENT_SCOPE("insufficient_scope", 403),
    /** RFC 8707 §2: the requested resource is invalid, unknown or not allowed for the client. */
    INVALID_TARGET("invalid_target", 400),
    /** RFC 7009 §2.2.1: the server does not support revoking this type of token. */
    UNSUPPORTED_TOKEN_TYPE("unsupported_token_type", 400),
    /** RFC 6749 §4.1.2.1: unexpected condition; the body never says more than a correlation id. */
    SERVER_ERROR("server_error", 500),
    /** RFC 6749 §4.1.2.1. */
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 503);

    private final String code;
    private final int status;

    OAuthError(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** The value of the {@code error} member on the wire. */
    public String code() {
        return code;
    }

    /** Whether RFC 6750 §3 makes this a resource server error answered with a Bearer challenge. */
    public boolean isBearerChallenge() {
        return this == INVALID_TOKEN || this == INSUFFICIENT_SCOPE;
    }

    /** The HTTP status this error is answered with unless a section says otherwise. */
    public int status() {
        return status;
    }
}
