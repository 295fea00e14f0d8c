package dev.countersign.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OAuth error answered to the caller as {@code {"error", "error_description"}}. Created through
 * the static helpers so that no throw site chooses an HTTP status. A few errors carry response
 * headers of their own (RFC 9449 §8: {@code DPoP-Nonce}), added with {@link #withHeader}.
 */
public final class OAuthException extends RuntimeException {
    private final OAuthError error;
    private final int status;
    private final Map<String, String> headers;

    private OAuthException(OAuthError error, int status, String description, Map<String, String> headers) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public static OAuthException of(OAuthError error, String description) {
        return new OAuthException(error, error.status(), description, Map.of());
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

    /** RFC 9449 §5: "the authorization server issues an error response ... with invalid_dpop_proof". */
    public static OAuthException invalidDpopProof(String description) {
        return of(OAuthError.INVALID_DPOP_PROOF, description);
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
        return new OAuthException(OAuthError.ACCESS_DENIED, 403, description, Map.of());
    }

    /**
     * Too many prompts for the user or client right now (ADR 0005): CIBA Core 1.0 §13 has no such
     * error, so the backchannel endpoint answers 429 (RFC 6585 §4) with {@code Retry-After} and the
     * §11 code {@code slow_down}, which CIBA clients already understand as "wait, then retry".
     */
    public static OAuthException tooManyPrompts(String description, long retryAfterSeconds) {
        return new OAuthException(
                OAuthError.SLOW_DOWN, 429, description, Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /**
     * The same error as a protected resource answers it: RFC 9449 §7.1 and §9 answer
     * {@code invalid_dpop_proof} and {@code use_dpop_nonce} there with 401, not the token endpoint's 400.
     */
    public OAuthException atProtectedResource() {
        boolean dpop = error == OAuthError.INVALID_DPOP_PROOF || error == OAuthError.USE_DPOP_NONCE;
        return dpop ? new OAuthException(error, 401, getMessage(), headers) : this;
    }

    /** The same error answered with one more response header (one value per header name). */
    public OAuthException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new OAuthException(error, status, getMessage(), more);
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

    /** Response headers this error is answered with, beside the cache headers. */
    public Map<String, String> headers() {
        return headers;
    }
}
