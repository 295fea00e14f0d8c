package dev.countersign.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The stored form of an event's detail: a JSON object of strings with its keys sorted. */
final class DetailJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {};

    private DetailJson() {}

    static String write(Map<String, String> detail) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    /** The detail map, empty when the stored text is not a JSON object of strings (tampered). */
    static Optional<Map<String, String>> read(String stored) {
        if (stored == null) {
            return Optional.of(Map.of());
        }
        try {
            TreeMap<String, String> map = JSON.readValue(stored, MAP);
            return map == null || map.containsValue(null) ? Optional.empty() : Optional.of(map);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
