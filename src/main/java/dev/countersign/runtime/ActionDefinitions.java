package dev.countersign.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.countersign.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an action definition (from configuration or the admin API) into an {@link Action}, or
 * refuses it with a problem naming the field: a name of letters, digits and {@code ._-}; a JSON
 * Schema that compiles; an http(s) URL template whose host is written out (placeholders only in the
 * path and query) and on {@code countersign.runtime.allowed-target-hosts}; a method from a fixed
 * list; an {@code authorization_details} JSON array; a positive timeout and size limit.
 */
@ApplicationScoped
public class ActionDefinitions {
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_RESPONSE_SIZE = 1024 * 1024;
    private static final int MAX_TEXT = 2000;
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    /** The draft 2020-12 meta-schema, bundled with the validator (no network access). */
    private static final Schema META_SCHEMA =
            SCHEMAS.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    private final Set<String> allowedHosts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ObjectMapper json;

    public ActionDefinitions(RuntimeConfig config, ObjectMapper json) {
        this.json = json;
        config.allowedTargetHosts()
                .orElse(List.of())
                .forEach(h -> allowedHosts.add(h.trim().toLowerCase(Locale.ROOT)));
    }

    /** The pieces of a definition, before validation. */
    public record Definition(
            String name,
            Optional<String> description,
            String parameters,
            String method,
            String url,
            Optional<String> audience,
            String scope,
            Optional<String> authorizationDetails,
            Optional<String> bindingMessage,
            Duration timeout,
            int maxResponseSize) {}

    public Action validate(Definition d, String source) {
        if (d.name() == null || !NAME.matcher(d.name()).matches()) {
            throw ProblemException.badRequest("name must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        JsonNode parameters = readJson("parameters", d.parameters());
        if (!parameters.isObject()) {
            throw ProblemException.badRequest("parameters must be a JSON Schema object");
        }
        Schema schema = compile(parameters);
        String method = d.method() == null ? "" : d.method().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw ProblemException.badRequest("method must be one of " + METHODS);
        }
        checkUrl(d.url());
        Optional<JsonNode> details = d.authorizationDetails().map(a -> readJson("authorization_details", a));
        if (details.isPresent() && !details.get().isArray()) {
            throw ProblemException.badRequest("authorization_details must be a JSON array");
        }
        text("description", d.description());
        text("binding_message", d.bindingMessage());
        text("audience", d.audience());
        if (d.scope() == null
                || d.scope().length() > MAX_TEXT
                || !d.scope().matches("[\\x21\\x23-\\x5B\\x5D-\\x7E ]*")) {
            throw ProblemException.badRequest("scope must be space-separated scope tokens");
        }
        if (d.timeout() == null
                || d.timeout().isNegative()
                || d.timeout().isZero()
                || d.timeout().compareTo(MAX_TIMEOUT) > 0) {
            throw ProblemException.badRequest("timeout must be positive and at most " + MAX_TIMEOUT.toSeconds() + " s");
        }
        if (d.maxResponseSize() < 1 || d.maxResponseSize() > MAX_RESPONSE_SIZE) {
            throw ProblemException.badRequest("max_response_size must be between 1 and " + MAX_RESPONSE_SIZE);
        }
        return new Action(
                d.name(),
                d.description(),
                parameters,
                schema,
                method,
                d.url(),
                d.audience(),
                scopeWithOpenid(d.scope()),
                details,
                d.bindingMessage(),
                d.timeout(),
                d.maxResponseSize(),
                source);
    }

    /**
     * Adds a host to the allow-list for this process, besides configuration: demo mode admits the
     * service's own host so that its {@code pay} action reaches the demo target.
     */
    public void admitHost(String host) {
        allowedHosts.add(host.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether the host is on the operator's allow-list. */
    public boolean allowsHost(String host) {
        return host != null && allowedHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    private void checkUrl(String url) {
        if (url == null || url.length() > MAX_TEXT) {
            throw ProblemException.badRequest("url is required (at most " + MAX_TEXT + " characters)");
        }
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            throw ProblemException.badRequest("url must be an absolute http or https URL");
        }
        int authorityEnd = firstOf(url, schemeEnd + 3, "/?#");
        String head = url.substring(0, authorityEnd);
        if (head.contains("{") || head.contains("}") || url.contains("#")) {
            throw ProblemException.badRequest("url may have placeholders only in its path and query, and no fragment");
        }
        URI uri;
        try {
            uri = URI.create(ParamTemplates.blankPlaceholders(url));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("url is not a valid URL template");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw ProblemException.badRequest("url must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw ProblemException.badRequest("url must not carry user information");
        }
        if (!allowsHost(uri.getHost())) {
            throw ProblemException.badRequest(
                    "url targets a host that is not in countersign.runtime.allowed-target-hosts");
        }
    }

    private static int firstOf(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private JsonNode readJson(String field, String raw) {
        try {
            JsonNode node = json.readTree(raw);
            if (node == null || node.isMissingNode()) {
                throw ProblemException.badRequest(field + " is empty");
            }
            return node;
        } catch (java.io.IOException e) {
            throw ProblemException.badRequest(field + " is not valid JSON");
        }
    }

    private static Schema compile(JsonNode parameters) {
        List<com.networknt.schema.Error> errors = META_SCHEMA.validate(parameters);
        if (!errors.isEmpty()) {
            com.networknt.schema.Error first = errors.get(0);
            throw ProblemException.badRequest("parameters is not a valid JSON Schema (draft 2020-12): at '"
                    + first.getInstanceLocation() + "': " + first.getMessage());
        }
        try {
            Schema schema = SCHEMAS.getSchema(parameters.toString(), InputFormat.JSON);
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("parameters is not a usable JSON Schema: " + e.getMessage());
        }
    }

    private static void text(String field, Optional<String> value) {
        if (value.isPresent()
                && (value.get().length() > MAX_TEXT || value.get().chars().anyMatch(Character::isISOControl))) {
            throw ProblemException.badRequest(
                    field + " must be at most " + MAX_TEXT + " characters without control characters");
        }
    }

    private static String scopeWithOpenid(String scope) {
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add("openid");
        for (String s : scope.trim().split(" +")) {
            if (!s.isEmpty()) {
                scopes.add(s);
            }
        }
        return String.join(" ", scopes);
    }
}
