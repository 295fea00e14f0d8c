package dev.countersign.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.ProblemException;
import dev.countersign.runtime.store.ActionEntity;
import dev.countersign.runtime.store.ActionRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The catalog of named actions: those of configuration ({@code countersign.runtime.actions}),
 * checked at start-up so that a bad one stops the service, and those operators add through
 * {@code /admin/actions}, stored in the database. A name is taken once across both.
 */
@ApplicationScoped
public class ActionCatalog {
    static final String CONFIGURATION = "configuration";
    static final String ADMIN = "admin";
    private static final Set<String> MEMBERS = Set.of(
            "name",
            "description",
            "parameters",
            "method",
            "url",
            "audience",
            "scope",
            "authorization_details",
            "binding_message",
            "timeout_seconds",
            "max_response_size");

    private final ActionDefinitions definitions;
    private final ActionRepository stored;
    private final RuntimeConfig config;
    private final ObjectMapper json;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Action> configured = new TreeMap<>();
    /** Compiled stored actions by their stored JSON, so a schema is compiled once. */
    private final ConcurrentMap<String, Action> compiled = new ConcurrentHashMap<>();

    public ActionCatalog(
            ActionDefinitions definitions,
            ActionRepository stored,
            RuntimeConfig config,
            ObjectMapper json,
            AuditLog audit,
            Clock clock) {
        this.definitions = definitions;
        this.stored = stored;
        this.config = config;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        config.actions().forEach((name, a) -> {
            try {
                configured.put(
                        name,
                        definitions.validate(
                                new ActionDefinitions.Definition(
                                        name,
                                        a.description(),
                                        a.parameters(),
                                        a.method(),
                                        a.url(),
                                        a.audience(),
                                        a.scope(),
                                        a.authorizationDetails(),
                                        a.bindingMessage(),
                                        a.timeout(),
                                        a.maxResponseSize()),
                                CONFIGURATION));
            } catch (ProblemException e) {
                throw new IllegalStateException("countersign.runtime.actions.\"" + name + "\": " + e.detail());
            }
        });
    }

    /**
     * Adds an action defined by the service itself (demo mode's {@code pay}), validated like one
     * from configuration; an action of the same name in configuration replaces it.
     */
    public void addBuiltIn(ActionDefinitions.Definition definition, String source) {
        Action action = definitions.validate(definition, source);
        configured.putIfAbsent(action.name(), action);
    }

    @Transactional
    public List<Action> all() {
        List<Action> all = new ArrayList<>(configured.values());
        stored.all().forEach(e -> all.add(fromStored(e)));
        all.sort(Comparator.comparing(Action::name));
        return all;
    }

    @Transactional
    public Optional<Action> find(String name) {
        if (name == null || !ActionDefinitions.NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Action fromConfig = configured.get(name);
        if (fromConfig != null) {
            return Optional.of(fromConfig);
        }
        return stored.findByIdOptional(name).map(this::fromStored);
    }

    /** Validates and stores an action from its admin API JSON; 409 when the name is taken. */
    @Transactional
    public Action create(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("the body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw ProblemException.badRequest("unknown member " + printable(name) + "; expected " + MEMBERS);
            }
        }
        Action action = definitions.validate(definition(body), ADMIN);
        if (configured.containsKey(action.name())
                || stored.findByIdOptional(action.name()).isPresent()) {
            throw ProblemException.conflict("an action named " + action.name() + " exists");
        }
        ActionEntity entity = new ActionEntity();
        entity.name = action.name();
        entity.definition = body.toString();
        entity.createdAt = clock.instant();
        stored.persist(entity);
        audit.record(AuditEvent.success("action.created", "admin", null, null, "action:" + action.name())
                .withDetail(Map.of("url", action.url(), "scope", action.scope())));
        return action;
    }

    /** Deletes a stored action; 409 for one from configuration; false when there is none. */
    @Transactional
    public boolean delete(String name) {
        if (configured.containsKey(name)) {
            throw ProblemException.conflict("the action " + name + " comes from configuration");
        }
        boolean deleted = name != null && name.length() <= 64 && stored.remove(name);
        if (deleted) {
            audit.record(AuditEvent.success("action.deleted", "admin", null, null, "action:" + name));
        }
        return deleted;
    }

    private Action fromStored(ActionEntity entity) {
        return compiled.computeIfAbsent(entity.definition, d -> {
            try {
                return definitions.validate(definition(json.readTree(d)), ADMIN);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored action " + entity.name + " is not JSON", e);
            }
        });
    }

    private static ActionDefinitions.Definition definition(JsonNode body) {
        return new ActionDefinitions.Definition(
                string(body, "name").orElse(null),
                string(body, "description"),
                json(body, "parameters").orElse("{\"type\":\"object\"}"),
                string(body, "method").orElse("POST"),
                string(body, "url").orElse(null),
                string(body, "audience"),
                string(body, "scope").orElse("openid"),
                json(body, "authorization_details"),
                string(body, "binding_message"),
                Duration.ofSeconds(integer(body, "timeout_seconds", 10)),
                (int) integer(body, "max_response_size", 65536));
    }

    private static Optional<String> string(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ProblemException.badRequest(name + " must be a string");
        }
        return Optional.of(value.textValue());
    }

    private static Optional<String> json(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isContainerNode()) {
            throw ProblemException.badRequest(name + " must be a JSON object or array");
        }
        return Optional.of(value.toString());
    }

    private static long integer(JsonNode body, String name, long fallback) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ProblemException.badRequest(name + " must be an integer");
        }
        return value.intValue();
    }

    /** The action as {@code /admin/actions} and {@code GET /v1/actions} show it. */
    public ObjectNode describe(Action action, boolean forOperator) {
        ObjectNode out = json.createObjectNode();
        out.put("name", action.name());
        action.description().ifPresent(d -> out.put("description", d));
        out.set("parameters", action.parameters());
        out.put("scope", action.scope());
        action.authorizationDetails().ifPresent(d -> out.set("authorization_details", d));
        action.bindingMessage().ifPresent(b -> out.put("binding_message", b));
        if (forOperator) {
            out.put("method", action.method());
            out.put("url", action.url());
            action.audience().ifPresent(a -> out.put("audience", a));
            out.put("timeout_seconds", action.timeout().toSeconds());
            out.put("max_response_size", action.maxResponseSize());
            out.put("source", action.source());
        }
        return out;
    }

    private static String printable(String name) {
        return name.length() <= 40 && name.chars().allMatch(c -> c >= 0x21 && c < 0x7f) ? name : "(unprintable)";
    }
}
