package dev.countersign.ciba;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import dev.countersign.provider.AuthorizationDetailsTypes;
import dev.countersign.provider.Client;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Validates the {@code authorization_details} parameter (RFC 9396 §2): a JSON array of objects,
 * each with a string {@code type} the client is registered for, and the common fields of §2.2 of
 * the right JSON types. Anything else is {@code invalid_authorization_details} (§5). Returns the
 * array re-serialised, so what is stored and shown is exactly what was validated. An entry of a
 * registered type must also validate against the type's JSON Schema ({@link AuthorizationDetailsTypes});
 * the error names the failing field, never its value.
 */
@ApplicationScoped
public class AuthorizationDetailsValidator {
    private static final List<String> STRING_ARRAY_FIELDS = List.of("locations", "actions", "datatypes", "privileges");
    private static final int MAX_DETAILS = 20;

    private final ObjectMapper strict = new ObjectMapper(JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(16).build())
            .build());

    private final AuthorizationDetailsTypes types;

    @Inject
    public AuthorizationDetailsValidator(AuthorizationDetailsTypes types) {
        this.types = types;
    }

    /** Structural checks only: no registered type has a schema. */
    public AuthorizationDetailsValidator() {
        this(new AuthorizationDetailsTypes(Map.of(), List.of()));
    }

    public String validate(Client client, String raw) {
        JsonNode array = parse(raw);
        if (!array.isArray() || array.isEmpty()) {
            throw invalid("authorization_details must be a non-empty JSON array");
        }
        if (array.size() > MAX_DETAILS) {
            throw invalid("authorization_details has more than " + MAX_DETAILS + " entries");
        }
        for (JsonNode detail : array) {
            validateOne(client, detail);
        }
        return array.toString();
    }

    private JsonNode parse(String raw) {
        try (JsonParser parser = strict.createParser(raw)) {
            JsonNode node = strict.readTree(parser);
            if (node == null || parser.nextToken() != null) {
                throw invalid("authorization_details is not a single JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw invalid("authorization_details is not valid JSON");
        } catch (java.io.IOException e) {
            throw invalid("authorization_details could not be read");
        }
    }

    private void validateOne(Client client, JsonNode detail) {
        if (!detail.isObject()) {
            throw invalid("each authorization_details entry must be a JSON object");
        }
        JsonNode type = detail.get("type");
        if (type == null || !type.isTextual() || type.asText().isEmpty()) {
            throw invalid("each authorization_details entry needs a string type");
        }
        if (!client.authorizationDetailsTypes().contains(type.asText())) {
            throw invalid("the client may not use the authorization_details type " + printable(type.asText()));
        }
        for (String field : STRING_ARRAY_FIELDS) {
            JsonNode value = detail.get(field);
            if (value != null && !isStringArray(value)) {
                throw invalid(field + " must be an array of strings (RFC 9396 §2.2)");
            }
        }
        JsonNode identifier = detail.get("identifier");
        if (identifier != null && !identifier.isTextual()) {
            throw invalid("identifier must be a string (RFC 9396 §2.2)");
        }
        types.find(type.asText()).flatMap(t -> t.violation(detail)).ifPresent(why -> {
            throw invalid(printable(why));
        });
    }

    private static boolean isStringArray(JsonNode value) {
        if (!value.isArray()) {
            return false;
        }
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static OAuthException invalid(String description) {
        return OAuthException.of(OAuthError.INVALID_AUTHORIZATION_DETAILS, description);
    }

    private static String printable(String s) {
        String clean = s.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f) ? s : "(unprintable)";
        return clean.length() <= 200 ? clean : clean.substring(0, 200) + "…";
    }
}
