package dev.countersign.runtime.oidcclient;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Optional;

/**
 * One HTTP answer of the external provider, as far as the runtime needs it: status, the raw
 * {@code Retry-After} header and the body (which may hold tokens: never logged).
 */
record ProviderAnswer(int status, Optional<String> retryAfter, String body) {

    /** The body as a JSON object, or empty when it is not one. */
    Optional<JsonObject> json() {
        try (var reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object ? Optional.of(object) : Optional.empty();
        } catch (JsonException | IllegalStateException notJson) {
            return Optional.empty();
        }
    }

    /** The OAuth {@code error} code of an error answer (RFC 6749 §5.2), if the body has one. */
    Optional<String> error() {
        return member("error");
    }

    /** The {@code error_description}, if present. */
    Optional<String> errorDescription() {
        return member("error_description");
    }

    Optional<String> member(String name) {
        return json().map(o -> o.get(name)).filter(JsonString.class::isInstance).map(v -> ((JsonString) v).getString());
    }

    boolean serverError() {
        return status >= 500;
    }

    /** Never prints the body, which may hold tokens. */
    @Override
    public String toString() {
        return "ProviderAnswer[" + status + ", Retry-After " + retryAfter.orElse("none") + "]";
    }
}
