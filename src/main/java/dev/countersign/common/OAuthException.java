package dev.countersign.common;

/**
 * An OAuth error answered to the caller as {@code {"error", "error_description"}}. Created through
 * the static helpers so that no throw site chooses an HTTP status.
 */
public final class OAuthException extends RuntimeException {
    private final OAuthError error;
    private final int status;

    private OAuthException(OAuthError error, int status, String description) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
    }

    public static OAuthException of(OAuthError error, String description) {
        return new OAuthException(error, error.status(), description);
    }

    public static OAuthException invalidRequest(String description) {
        return of(OAuthError.INVALID_REQUEST, description);
    }

    public static OAuthException invalidClient(String description) {
        return of(OAuthError.INVALID_CLIENT, description);
    }

    public static OAuthException invalidGrant(String description) {
        return of(OAuthError.INVALID_GRANT, description);
    }

    public static OAuthException invalidScope(String description) {
        return of(OAuthError.INVALID_SCOPE, description);
    }

    public static OAuthException unauthorizedClient(String description) {
        return of(OAuthError.UNAUTHORIZED_CLIENT, description);
    }

    /** RFC 6750 §3.1 at a protected resource such as UserInfo: 401 with a Bearer challenge. */
    public static OAuthException invalidToken(String description) {
        return of(OAuthError.INVALID_TOKEN, description);
    }

    /** RFC 6750 §3.1 at a protected resource such as UserInfo: 403 with a Bearer challenge. */
    public static OAuthException insufficientScope(String description) {
        return of(OAuthError.INSUFFICIENT_SCOPE, description);
    }

    /** RFC 8707 §2. */
    public static OAuthException invalidTarget(String description) {
        return of(OAuthError.INVALID_TARGET, description);
    }

    /** CIBA Core 1.0 §13: at the backchannel authentication endpoint access_denied is a 403. */
    public static OAuthException accessDeniedForbidden(String description) {
        return new OAuthException(OAuthError.ACCESS_DENIED, 403, description);
    }

    public OAuthError error() {
        return error;
    }

    public int status() {
        return status;
    }

    public String description() {
        return getMessage();
    }
}
