package dev.countersign.common.http;

import dev.countersign.common.OAuthError;
import java.util.List;

/**
 * The {@code WWW-Authenticate: DPoP} challenge of RFC 9449 §7.1: "The scheme name is DPoP", an
 * {@code error} and {@code error_description} as in RFC 6750 §3, and "An algs parameter SHOULD be
 * included to signal to the client the JWS algorithms that are acceptable for the DPoP proof JWT".
 */
public final class DpopChallenge {
    private DpopChallenge() {}

    public static String of(OAuthError error, String description, List<String> algs) {
        String challenge = "DPoP realm=\"countersign\", error=\"" + error.code() + "\"";
        if (description != null && !description.isEmpty()) {
            challenge += ", error_description=\"" + BearerChallenge.quotable(description) + "\"";
        }
        return challenge + ", algs=\"" + String.join(" ", algs) + "\"";
    }
}
