package dev.countersign.common;

/**
 * Fired (as a CDI event) each time an OAuth error is answered, so that the audit trail records
 * every error after client authentication in one place without the error mapper knowing about it.
 * The HTTP status tells errors of the same code apart: {@code slow_down} is 400 for a token request
 * polled too fast (CIBA Core 1.0 §11) and 429 for a refused prompt (ADR 0005).
 */
public record OAuthErrorAnswered(OAuthError error, String description, int status) {}
