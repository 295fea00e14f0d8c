package dev.countersign.provider;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The audience of an access token derived from RFC 9396 authorization details: the distinct
 * {@code locations} (§2.2) of all of them, in order of appearance.
 */
final class TokenAudience {
    private TokenAudience() {}

    /** The distinct locations, or empty when there are no details or none names a location. */
    static Optional<Set<String>> of(Optional<String> authorizationDetails) {
        if (authorizationDetails.isEmpty()) {
            return Optional.empty();
        }
        Set<String> locations = new LinkedHashSet<>();
        for (JsonValue detail : parse(authorizationDetails.get())) {
            if (detail.getValueType() != JsonValue.ValueType.OBJECT) {
                continue;
            }
            JsonValue named = detail.asJsonObject().get("locations");
            if (named != null && named.getValueType() == JsonValue.ValueType.ARRAY) {
                for (JsonValue location : named.asJsonArray()) {
                    if (location instanceof JsonString text) {
                        locations.add(text.getString());
                    }
                }
            }
        }
        return locations.isEmpty() ? Optional.empty() : Optional.of(locations);
    }

    /** The authorization details as a JSON array, to be embedded as JSON rather than as a string. */
    static JsonArray parse(String authorizationDetails) {
        try (JsonReader reader = Json.createReader(new StringReader(authorizationDetails))) {
            return reader.readArray();
        }
    }
}
