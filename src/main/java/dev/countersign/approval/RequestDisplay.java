package dev.countersign.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.ciba.PendingRequest;
import dev.countersign.common.Sha256;
import dev.countersign.provider.AuthorizationDetailsType;
import dev.countersign.provider.AuthorizationDetailsTypes;
import io.quarkus.qute.Engine;
import io.quarkus.qute.ResultMapper;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateNode;
import io.quarkus.qute.ValueResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a request into words for the phone (RFC 9396 §1: the user must understand what is being
 * approved): one sentence per {@code authorization_details} entry from its type's template (or a
 * generic sentence of a few escaped fields), the scopes in plain language, whether it is high-risk,
 * and a hash of exactly what is shown. Raw JSON is never shown. Every value a template prints is
 * neutralised and HTML-escaped by the engine ({@link DisplayText#safe}); templates may use
 * {@code {amount.money(currency)}} and {@code {iban.mask}}.
 */
@ApplicationScoped
public class RequestDisplay {
    private static final int GENERIC_FIELDS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> BUILT_IN_SCOPES = Map.of(
            "openid", "Confirm that it is you",
            "profile", "See your name and profile",
            "email", "See your email address",
            "offline_access", "Keep access while you are away");

    private final AuthorizationDetailsTypes types;
    private final Locale locale;
    private final Map<String, String> scopeTexts;
    private final Map<String, Template> templates = new HashMap<>();

    @Inject
    RequestDisplay(AuthorizationDetailsTypes types, DisplayConfig config) {
        this(types, Locale.forLanguageTag(config.locale()), scopeTexts(config));
    }

    /** A display with this locale and these scope descriptions (beside the built-in ones). */
    public RequestDisplay(AuthorizationDetailsTypes types, Locale locale, Map<String, String> scopes) {
        this.types = types;
        this.locale = locale;
        this.scopeTexts = new HashMap<>(BUILT_IN_SCOPES);
        this.scopeTexts.putAll(scopes);
        Engine engine = engine(locale);
        for (String name : types.supported()) {
            types.find(name)
                    .flatMap(AuthorizationDetailsType::template)
                    .ifPresent(t -> templates.put(name, engine.parse(t)));
        }
    }

    public DisplayedRequest render(PendingRequest request) {
        List<String> sentences = new ArrayList<>();
        boolean highRisk = false;
        for (JsonNode entry : entries(request.authorizationDetails())) {
            sentences.add(sentence(entry));
            highRisk |= types.isHighRisk(entry);
        }
        List<String> scopes = request.scope().isBlank()
                ? List.of()
                : java.util.Arrays.stream(request.scope().split(" "))
                        .map(this::scopeText)
                        .toList();
        return new DisplayedRequest(sentences, scopes, highRisk, hash(request, sentences, scopes, highRisk));
    }

    private String sentence(JsonNode entry) {
        Template template = templates.get(entry.path("type").asText());
        if (template != null) {
            try {
                return template.render(JSON.convertValue(entry, new TypeReference<Map<String, Object>>() {}))
                        .strip();
            } catch (RuntimeException e) {
                // A field the template needs is missing: say it generically rather than fail.
            }
        }
        return generic(entry);
    }

    /** "type: field value, …" from a few top-level scalar fields, each made safe. */
    static String generic(JsonNode entry) {
        List<String> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields();
                it.hasNext() && fields.size() < GENERIC_FIELDS; ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals("type") && field.getValue().isValueNode()) {
                fields.add(DisplayText.safe(field.getKey()) + " "
                        + DisplayText.safe(field.getValue().asText()));
            }
        }
        String type = DisplayText.safe(entry.path("type").asText());
        return fields.isEmpty() ? type + " (no details shown)" : type + ": " + String.join(", ", fields);
    }

    private String scopeText(String scope) {
        String text = scopeTexts.get(scope);
        return text != null ? DisplayText.safe(text) : DisplayText.safe(scope) + " (no description)";
    }

    private static List<JsonNode> entries(Optional<String> details) {
        if (details.isEmpty()) {
            return List.of();
        }
        try {
            List<JsonNode> list = new ArrayList<>();
            JSON.readTree(details.get()).forEach(list::add);
            return list;
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    /** SHA-256 over the canonical JSON of what is shown, with the request id, base64url. */
    static String hash(PendingRequest r, List<String> sentences, List<String> scopes, boolean highRisk) {
        return Sha256.base64Url(shown(r, sentences, scopes, highRisk).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The canonical JSON of exactly what is shown for a request (its SHA-256 is {@link
     * DisplayedRequest#displayHash()}), kept in a passkey approval receipt.
     */
    public static String shown(PendingRequest r, DisplayedRequest displayed) {
        return shown(r, displayed.sentences(), displayed.scopes(), displayed.highRisk());
    }

    private static String shown(PendingRequest r, List<String> sentences, List<String> scopes, boolean highRisk) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("request_id", r.id());
        shown.put("client_name", r.clientName());
        shown.put("binding_message", r.bindingMessage().orElse(null));
        shown.put("sentences", sentences);
        shown.put("scopes", scopes);
        shown.put("high_risk", highRisk);
        shown.put("number_choices", r.numberChoices());
        try {
            return JSON.writeValueAsString(shown);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Engine engine(Locale locale) {
        return Engine.builder()
                .addDefaults()
                .addValueResolver(ValueResolver.builder()
                        .applyToName("mask")
                        .resolveSync(ctx -> DisplayText.mask(ctx.getBase()))
                        .build())
                .addValueResolver(ValueResolver.builder()
                        .applyToName("money")
                        .applyToParameters(1)
                        .resolveAsync(ctx -> ctx.evaluate(ctx.getParams().get(0))
                                .thenApply(code -> (Object) DisplayText.money(ctx.getBase(), code, locale)))
                        .build())
                .addResultMapper(new SafeValues())
                .strictRendering(true)
                .build();
    }

    private static Map<String, String> scopeTexts(DisplayConfig config) {
        Map<String, String> texts = new HashMap<>();
        config.scopes().forEach((scope, s) -> texts.put(scope, s.description()));
        return texts;
    }

    /** Escaping always on: every printed value goes through {@link DisplayText#safe}. */
    private static final class SafeValues implements ResultMapper {
        @Override
        public boolean appliesTo(TemplateNode.Origin origin, Object result) {
            return true;
        }

        @Override
        public String map(Object result, io.quarkus.qute.Expression expression) {
            return DisplayText.safe(result);
        }
    }
}
