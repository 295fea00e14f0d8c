package dev.countersign.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A validated {@code POST /v1/runs}: the action exists, the params satisfy its schema and every
 * template is filled. Nothing after the validator sees the raw body.
 *
 * @param targetUrl the action's URL with the params percent-encoded into it, on an allowed host
 * @param requestHash SHA-256 of the body in canonical form, to recognise a replay of an idempotency key
 */
public record RunRequest(
        Action action,
        String user,
        JsonNode params,
        RunMode mode,
        Optional<Duration> requestedExpiry,
        Optional<URI> callbackUrl,
        URI targetUrl,
        Optional<String> bindingMessage,
        Optional<String> authorizationDetails,
        String requestHash) {}
