package dev.countersign.common;

/**
 * Fired (as a CDI event) each time an OAuth error is answered, so that the audit trail records
 * every error after client authentication in one place without the error mapper knowing about it.
 */
public record OAuthErrorAnswered(OAuthError error, String description) {}
