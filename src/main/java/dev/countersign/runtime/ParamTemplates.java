package dev.countersign.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.countersign.common.ProblemException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills an action's templates from a run's parameters. A placeholder is {@code {name}} and names a
 * top-level parameter. In a URL a value is percent-encoded as a whole (RFC 3986 §2.3: everything but
 * unreserved characters), so it can never add a path segment, a query parameter, a fragment or
 * another host; {@code .} and {@code ..} are refused as they would move up the path. In the
 * {@code authorization_details} template a string that is exactly one placeholder takes the
 * parameter's JSON value and type; elsewhere values are written as text.
 */
public final class ParamTemplates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]{1,64})}");
    private static final Pattern WHOLE = Pattern.compile("^\\{([A-Za-z0-9_.-]{1,64})}$");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ParamTemplates() {}

    /** The template with every placeholder replaced by {@code x}, to check its syntax. */
    static String blankPlaceholders(String template) {
        return PLACEHOLDER.matcher(template).replaceAll("x");
    }

    /** The target URL of a run. */
    public static URI url(String template, JsonNode params) {
        StringBuilder out = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            String value = scalar(params, m.group(1), "url");
            if (value.isEmpty() || value.equals(".") || value.equals("..")) {
                throw ProblemException.badRequest("params." + m.group(1) + " must not be empty, '.' or '..'");
            }
            out.append(percentEncode(value));
            last = m.end();
        }
        out.append(template, last, template.length());
        return URI.create(out.toString());
    }

    /** A text template (the binding message), values written as text. */
    public static String text(String template, JsonNode params) {
        StringBuilder out = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start()).append(scalar(params, m.group(1), "binding_message"));
            last = m.end();
        }
        return out.append(template, last, template.length()).toString();
    }

    /** The {@code authorization_details} of a run, with {@code locations} set to the audience where absent. */
    public static String details(JsonNode template, JsonNode params, Optional<String> audience) {
        JsonNode filled = fill(template.deepCopy(), params);
        if (audience.isPresent() && filled instanceof ArrayNode array) {
            for (JsonNode entry : array) {
                if (entry instanceof ObjectNode object && !object.has("locations")) {
                    object.putArray("locations").add(audience.get());
                }
            }
        }
        return filled.toString();
    }

    private static JsonNode fill(JsonNode node, JsonNode params) {
        if (node.isTextual()) {
            Matcher whole = WHOLE.matcher(node.textValue());
            if (whole.matches()) {
                return param(params, whole.group(1), "authorization_details").deepCopy();
            }
            return TextNode.valueOf(text(node.textValue(), params));
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(fill(e.getValue(), params));
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> copy.add(fill(item, params)));
            return copy;
        }
        return node;
    }

    private static JsonNode param(JsonNode params, String name, String where) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            throw ProblemException.badRequest("params." + name + " is required by the action's " + where);
        }
        return value;
    }

    private static String scalar(JsonNode params, String name, String where) {
        JsonNode value = param(params, name, where);
        if (!value.isValueNode()) {
            throw ProblemException.badRequest(
                    "params." + name + " must be a string, number or boolean for the " + where);
        }
        return value.asText();
    }

    private static String percentEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
