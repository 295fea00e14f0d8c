package dev.countersign.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import java.time.Duration;
import java.util.Optional;

/**
 * A named action of the catalog, validated: what an agent may ask a user to approve, and the call
 * the runtime then makes with the delegated token.
 *
 * @param parameters the JSON Schema (draft 2020-12) of the run's {@code params}, as given
 * @param schema the same schema, compiled
 * @param url the target URL template: {@code {param}} placeholders in path or query only
 * @param audience the token's intended audience, added as {@code locations} to the details
 * @param authorizationDetails the RFC 9396 template, with {@code {param}} placeholders
 * @param source {@code configuration} or {@code admin}
 */
public record Action(
        String name,
        Optional<String> description,
        JsonNode parameters,
        Schema schema,
        String method,
        String url,
        Optional<String> audience,
        String scope,
        Optional<JsonNode> authorizationDetails,
        Optional<String> bindingMessage,
        Duration timeout,
        int maxResponseSize,
        String source) {}
