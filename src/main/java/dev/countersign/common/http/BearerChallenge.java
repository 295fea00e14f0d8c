package dev.countersign.common.http;

import dev.countersign.common.OAuthError;

/**
 * The {@code WWW-Authenticate: Bearer} challenge of RFC 6750 §3. Without an error it only names the
 * scheme and realm: "If the request lacks any authentication information ... the resource server
 * SHOULD NOT include an error code or other error information."
 */
public final class BearerChallenge {
    public static final String REALM = "Bearer realm=\"countersign\"";

    private BearerChallenge() {}

    /** RFC 6750 §3: {@code error} and {@code error_description} as quoted auth-params. */
    public static String of(OAuthError error, String description) {
        String challenge = REALM + ", error=\"" + error.code() + "\"";
        if (description != null && !description.isEmpty()) {
            challenge += ", error_description=\"" + quotable(description) + "\"";
        }
        return challenge;
    }

    /** RFC 6750 §3: error_description is %x20-21 / %x23-5B / %x5D-7E; anything else becomes a space. */
    static String quotable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            boolean allowed = c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
            out.append(allowed ? c : ' ');
        }
        return out.toString();
    }
}
