package dev.countersign.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import dev.countersign.common.JsonBody;
import dev.countersign.common.ProblemException;
import dev.countersign.common.outbound.OutboundUrlPolicy;
import dev.countersign.common.outbound.OutboundUrlRejected;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates the body of {@code POST /v1/runs} into a {@link RunRequest}, or throws a 400 problem
 * naming the member and the reason. The order: strict JSON (no repeated member, no unknown member,
 * bounded size) → {@code action} in the catalog → {@code params} against the action's JSON Schema
 * → {@code mode}, {@code requested_expiry}, {@code user}, {@code callback_url} → templates filled,
 * the target URL on an allowed host. Nothing is stored and no provider is asked before it passes.
 */
@ApplicationScoped
public class RunRequestValidator {
    private static final Set<String> MEMBERS =
            Set.of("action", "user", "params", "requested_expiry", "callback_url", "mode");
    private static final int MAX_USER = 320;
    private static final long MAX_EXPIRY_SECONDS = 86_400;
    private static final int MAX_ERRORS = 5;
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final ActionCatalog catalog;
    private final ActionDefinitions definitions;
    private final OutboundUrlPolicy urls;

    public RunRequestValidator(ActionCatalog catalog, ActionDefinitions definitions, OutboundUrlPolicy urls) {
        this.catalog = catalog;
        this.definitions = definitions;
        this.urls = urls;
    }

    public RunRequest validate(byte[] body) {
        JsonNode json = JsonBody.readTree(body);
        if (json == null || !json.isObject()) {
            throw ProblemException.badRequest("the body must be a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw ProblemException.badRequest("unknown member " + printable(name) + "; expected " + MEMBERS);
            }
        }
        String actionName = requiredString(json, "action");
        Action action = catalog.find(actionName)
                .orElseThrow(() ->
                        ProblemException.badRequest("action " + printable(actionName) + " is not in the catalog"));
        JsonNode params = params(json, action);
        RunMode mode = mode(json);
        Optional<Duration> expiry = requestedExpiry(json);
        String user = user(json);
        Optional<URI> callback = callbackUrl(json);
        URI target = target(action, params);
        Optional<String> bindingMessage = action.bindingMessage().map(t -> ParamTemplates.text(t, params));
        Optional<String> details =
                action.authorizationDetails().map(t -> ParamTemplates.details(t, params, action.audience()));
        return new RunRequest(
                action, user, params, mode, expiry, callback, target, bindingMessage, details, hash(json));
    }

    // params (OPTIONAL, default {}): validated against the action's JSON Schema.
    private static JsonNode params(JsonNode json, Action action) {
        JsonNode params = json.get("params");
        if (params == null || params.isNull()) {
            params = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!params.isObject()) {
            throw ProblemException.badRequest("params must be a JSON object");
        }
        List<Error> errors = action.schema().validate(params);
        if (!errors.isEmpty()) {
            String listed = errors.stream()
                    .limit(MAX_ERRORS)
                    .map(e -> "params" + location(e) + ": " + e.getMessage())
                    .collect(Collectors.joining("; "));
            throw ProblemException.badRequest("params do not match the schema of " + action.name() + ": " + listed);
        }
        return params;
    }

    private static String location(Error e) {
        String at =
                e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        if (at.startsWith("$")) {
            at = at.substring(1);
        }
        return at.isEmpty() || at.startsWith("/") || at.startsWith(".") ? at : "/" + at;
    }

    // mode (OPTIONAL): execute (default) or token.
    private static RunMode mode(JsonNode json) {
        Optional<String> raw = optionalString(json, "mode");
        if (raw.isEmpty()) {
            return RunMode.execute;
        }
        return switch (raw.get()) {
            case "execute" -> RunMode.execute;
            case "token" -> RunMode.token;
            default -> throw ProblemException.badRequest("mode must be execute or token");
        };
    }

    // requested_expiry (OPTIONAL): seconds, passed on to the provider (CIBA Core 1.0 §7.1).
    private static Optional<Duration> requestedExpiry(JsonNode json) {
        JsonNode value = json.get("requested_expiry");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber()
                || !value.canConvertToLong()
                || value.longValue() < 1
                || value.longValue() > MAX_EXPIRY_SECONDS) {
            throw ProblemException.badRequest("requested_expiry must be an integer from 1 to " + MAX_EXPIRY_SECONDS);
        }
        return Optional.of(Duration.ofSeconds(value.longValue()));
    }

    // user (REQUIRED): the username, e-mail or id the provider knows the user by.
    private static String user(JsonNode json) {
        String user = requiredString(json, "user");
        if (user.length() > MAX_USER || user.isBlank() || user.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest(
                    "user must be 1 to " + MAX_USER + " characters without control characters");
        }
        return user;
    }

    // callback_url (OPTIONAL): stored for the webhook; must pass the outbound URL policy.
    private Optional<URI> callbackUrl(JsonNode json) {
        Optional<String> raw = optionalString(json, "callback_url");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (raw.get().length() > 2000) {
            throw ProblemException.badRequest("callback_url is longer than 2000 characters");
        }
        try {
            return Optional.of(urls.checkRegistered(raw.get()));
        } catch (OutboundUrlRejected e) {
            throw ProblemException.badRequest("callback_url " + e.getMessage());
        }
    }

    private URI target(Action action, JsonNode params) {
        URI target;
        try {
            target = ParamTemplates.url(action.url(), params);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("params do not make a valid URL for " + action.name());
        }
        if (!definitions.allowsHost(target.getHost()) || target.getRawFragment() != null) {
            throw ProblemException.badRequest("params would make the action target another host");
        }
        return target;
    }

    private static String requiredString(JsonNode json, String name) {
        return optionalString(json, name)
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> ProblemException.badRequest(name + " is required"));
    }

    private static Optional<String> optionalString(JsonNode json, String name) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ProblemException.badRequest(name + " must be a string");
        }
        return Optional.of(value.textValue());
    }

    private static String hash(JsonNode json) {
        try {
            Object canonical = CANONICAL.treeToValue(json, Map.class);
            byte[] bytes = CANONICAL.writeValueAsBytes(canonical);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a run request", e);
        }
    }

    private static String printable(String s) {
        return s.length() <= 64 && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? s : "(unprintable)";
    }
}
