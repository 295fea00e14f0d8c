package dev.countersign.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON object request body of a product API, read strictly: at most {@link #MAX_BODY_BYTES},
 * RFC 8259 §4 "names within an object SHOULD be unique" enforced (a repeated member is rejected),
 * no unknown members, and members of the wrong type rejected rather than coerced. Every failure is
 * a 400 problem naming the member.
 */
public final class JsonBody {
    /** Larger than any legitimate request to these APIs, far below what would hurt the server. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private final JsonNode object;

    /**
     * Reads any strict JSON value, for bodies whose members a validator of its own checks (e.g. RFC
     * 7591 client metadata); an empty body reads as {@code null}.
     */
    public static JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        if (body.length > MAX_BODY_BYTES) {
            throw ProblemException.badRequest("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw ProblemException.badRequest("the body is not valid JSON (or repeats a member)");
        }
    }

    private JsonBody(JsonNode object) {
        this.object = object;
    }

    /** Parses the body, which must be a JSON object whose members are all in {@code allowed}. */
    public static JsonBody parse(byte[] body, Set<String> allowed) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("a JSON object body is required");
        }
        JsonNode node = readTree(body);
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest("the body must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ProblemException.badRequest("unknown member " + printable(name) + "; expected " + allowed);
            }
        }
        return new JsonBody(node);
    }

    /** The member's integer value; absent when missing or JSON {@code null}; 400 when not an integer. */
    public Optional<Integer> optionalInt(String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isInt()) {
            throw ProblemException.badRequest(name + " must be an integer");
        }
        return Optional.of(value.intValue());
    }

    /** The member's string value; absent when missing or JSON {@code null}. */
    public Optional<String> optionalString(String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ProblemException.badRequest(name + " must be a string");
        }
        return Optional.of(value.textValue());
    }

    /** The member's value, which must be a JSON object. */
    public JsonNode requiredObject(String name) {
        JsonNode value = object.get(name);
        if (value == null || !value.isObject()) {
            throw ProblemException.badRequest(name + " must be a JSON object");
        }
        return value;
    }

    /** The member's string value, which must be present and not empty. */
    public String requiredString(String name) {
        return optionalString(name)
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> ProblemException.badRequest(name + " is required"));
    }

    private static String printable(String name) {
        return name.length() <= 40 && name.chars().allMatch(c -> c >= 0x21 && c < 0x7f) ? name : "(unprintable)";
    }
}
