package dev.countersign.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of RFC 9396 {@code authorization_details} types (§2, §5): the operator's types from
 * {@link AuthorizationDetailsConfig}, the built-in {@code payment_initiation}, and the names listed
 * in {@code countersign.provider.authorization-details-types} (structural checks only, generic
 * sentence). Every schema is checked against the draft 2020-12 meta-schema and every template is
 * parsed when the registry is built, so a bad one stops start-up with a message naming the type.
 */
@Startup
@ApplicationScoped
public class AuthorizationDetailsTypes {
    static final String BUILTIN = "payment_initiation";
    private static final String BUILTIN_TEMPLATE = "Pay {instructedAmount.amount.money(instructedAmount.currency)}"
            + " to {creditorName ?: 'an unnamed payee'}"
            + "{#if debtorAccount.iban??} from account {debtorAccount.iban.mask}{/if}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final Map<String, AuthorizationDetailsType> registered;
    private final List<String> supported;

    @Inject
    AuthorizationDetailsTypes(AuthorizationDetailsConfig config, ProviderConfig provider) {
        this(
                definitions(config),
                provider.provider().authorizationDetailsTypes().orElse(List.of()));
    }

    /** A registry of these types (in order) plus the listed names without a schema of their own. */
    public AuthorizationDetailsTypes(Map<String, Definition> definitions, List<String> listed) {
        Map<String, AuthorizationDetailsType> types = new LinkedHashMap<>();
        definitions.forEach((name, d) -> types.put(name, build(name, d)));
        this.registered = Map.copyOf(types);
        Set<String> all = new LinkedHashSet<>(listed);
        all.addAll(types.keySet());
        this.supported = List.copyOf(all);
    }

    /** The supported types, for discovery ({@code authorization_details_types_supported}) and registration. */
    public List<String> supported() {
        return supported;
    }

    /** The registered type of this name; empty for unknown types and for listed names without a schema. */
    public Optional<AuthorizationDetailsType> find(String name) {
        return Optional.ofNullable(registered.get(name));
    }

    /** Whether an entry of this type is high-risk. */
    public boolean isHighRisk(JsonNode entry) {
        return find(entry.path("type").asText()).map(t -> t.isHighRisk(entry)).orElse(false);
    }

    /** A type as the operator defines it, before its schema is compiled. */
    public record Definition(
            String schemaJson,
            Optional<String> template,
            boolean highRisk,
            Optional<AuthorizationDetailsType.AmountRule> highRiskWhen,
            boolean numberMatching) {}

    /** The built-in {@code payment_initiation} definition (RFC 9396 §1.1 example shape). */
    public static Definition builtinPaymentInitiation() {
        try (InputStream in = AuthorizationDetailsTypes.class.getResourceAsStream(
                "/authorization-details/payment_initiation.schema.json")) {
            return new Definition(
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    Optional.of(BUILTIN_TEMPLATE),
                    false,
                    Optional.empty(),
                    false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Definition> definitions(AuthorizationDetailsConfig config) {
        Map<String, Definition> definitions = new LinkedHashMap<>();
        if (config.builtinPaymentInitiation()) {
            definitions.put(BUILTIN, builtinPaymentInitiation());
        }
        config.types().forEach((name, type) -> definitions.put(name, definition(name, type)));
        return definitions;
    }

    private static Definition definition(String name, AuthorizationDetailsConfig.TypeConfig type) {
        String schema = type.schema()
                .orElseGet(() -> type.schemaFile()
                        .map(file -> read(name, file))
                        .orElseThrow(() -> bad(name, "needs a schema or a schema-file")));
        AuthorizationDetailsConfig.HighRiskWhen when = type.highRiskWhen();
        Optional<AuthorizationDetailsType.AmountRule> rule = when.amountPath()
                .map(path -> new AuthorizationDetailsType.AmountRule(
                        path,
                        when.above()
                                .orElseThrow(() -> bad(name, "high-risk-when.amount-path needs high-risk-when.above")),
                        when.currencyPath(),
                        when.currency()));
        return new Definition(schema, type.template(), type.highRisk(), rule, type.numberMatching());
    }

    private static AuthorizationDetailsType build(String name, Definition d) {
        if (name.isBlank() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw bad(name, "has a name with blanks or control characters");
        }
        d.highRiskWhen().ifPresent(rule -> checkPointers(name, rule));
        d.template().ifPresent(t -> checkTemplate(name, t));
        return new AuthorizationDetailsType(
                name, schema(name, d.schemaJson()), d.template(), d.highRisk(), d.highRiskWhen(), d.numberMatching());
    }

    private static Schema schema(String name, String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw bad(name, "has a schema that is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw bad(name, "has a schema that is not a JSON object");
        }
        Schema meta = SCHEMAS.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        List<Error> errors = meta.validate(node);
        if (!errors.isEmpty()) {
            throw bad(name, "has an invalid JSON Schema: " + errors.get(0).getMessage());
        }
        try {
            return SCHEMAS.getSchema(node);
        } catch (RuntimeException e) {
            throw bad(name, "has a JSON Schema that cannot be loaded: " + e.getMessage());
        }
    }

    private static void checkPointers(String name, AuthorizationDetailsType.AmountRule rule) {
        for (String pointer : List.of(rule.amountPath(), rule.currencyPath().orElse("/currency"))) {
            try {
                com.fasterxml.jackson.core.JsonPointer.compile(pointer);
            } catch (IllegalArgumentException e) {
                throw bad(name, "has a high-risk-when path that is not a JSON Pointer: " + pointer);
            }
        }
    }

    private static void checkTemplate(String name, String template) {
        try {
            Engine.builder().addDefaults().build().parse(template);
        } catch (TemplateException e) {
            throw bad(name, "has a template that does not parse: " + e.getMessage());
        }
    }

    private static String read(String name, String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw bad(name, "has a schema-file that cannot be read: " + file);
        }
    }

    private static IllegalStateException bad(String name, String problem) {
        return new IllegalStateException("countersign.authorization-details.types.\"" + name + "\" " + problem);
    }
}
