package dev.countersign.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.common.ProblemException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Typed access to the members of a JSON object (RFC 8259 §4) for metadata validation: a member that
 * is absent or {@code null} is empty; one of the wrong type is a 400 naming it.
 */
final class JsonMembers {
    private JsonMembers() {}

    static boolean present(JsonNode body, String member) {
        return body.has(member) && !body.get(member).isNull();
    }

    static Optional<String> string(JsonNode body, String member) {
        if (!present(body, member)) {
            return Optional.empty();
        }
        JsonNode value = body.get(member);
        if (!value.isTextual()) {
            throw ProblemException.badRequest(member + " must be a string");
        }
        return Optional.of(value.textValue());
    }

    static Optional<Set<String>> strings(JsonNode body, String member, int maxCount, int maxLength) {
        if (!present(body, member)) {
            return Optional.empty();
        }
        JsonNode array = body.get(member);
        if (!array.isArray() || array.size() > maxCount) {
            throw ProblemException.badRequest(member + " must be an array of at most " + maxCount + " strings");
        }
        Set<String> values = new LinkedHashSet<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            JsonNode element = it.next();
            if (!element.isTextual()
                    || element.textValue().isEmpty()
                    || element.textValue().length() > maxLength) {
                throw ProblemException.badRequest(
                        member + " must contain only strings of 1 to " + maxLength + " characters");
            }
            values.add(element.textValue());
        }
        return Optional.of(values);
    }
}
