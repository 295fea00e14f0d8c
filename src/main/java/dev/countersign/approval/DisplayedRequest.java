package dev.countersign.approval;

import java.util.List;

/**
 * What the user is shown for one request, in words (never raw JSON), every value escaped for HTML.
 *
 * @param sentences one per {@code authorization_details} entry
 * @param scopes one plain-language sentence per scope
 * @param highRisk whether approving needs a fresh passkey assertion (registry risk rules)
 * @param displayHash SHA-256 (base64url) of exactly what is shown plus the request id, for a passkey
 *     challenge to bind to
 */
public record DisplayedRequest(List<String> sentences, List<String> scopes, boolean highRisk, String displayHash) {
    public DisplayedRequest {
        sentences = List.copyOf(sentences);
        scopes = List.copyOf(scopes);
    }
}
