package dev.countersign.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.common.ProblemException;
import dev.countersign.common.outbound.OutboundUrlPolicy;
import dev.countersign.common.outbound.OutboundUrlRejected;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a client registration body against RFC 7591 §2 and CIBA Core 1.0 §4 before anything is
 * stored. Unknown members are ignored (RFC 7591 §2); a JSON {@code null} counts as absent; anything
 * else that is wrong is a 400 naming the member.
 */
@Singleton
public class ClientMetadataValidator {
    /** The extension member that asks number matching for every request of the client. */
    public static final String NUMBER_MATCHING = "countersign_number_matching";

    static final int MAX_NAME = 200;
    static final int MAX_SCOPE = 1000;
    static final int MAX_URI = 2000;
    static final int MAX_TYPES = 16;
    static final int MAX_TYPE = 100;
    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private static final String NOTIFICATION_ENDPOINT = "backchannel_client_notification_endpoint";

    private final Grants grants;
    private final ProviderConfig config;
    private final AuthorizationDetailsTypes detailTypes;
    private final ClientKeyMetadataValidator keyMetadata;
    private final OutboundUrlPolicy outbound;

    public ClientMetadataValidator(
            Grants grants,
            ProviderConfig config,
            ClientKeyMetadataValidator keyMetadata,
            OutboundUrlPolicy outbound,
            AuthorizationDetailsTypes detailTypes) {
        this.detailTypes = detailTypes;
        this.grants = grants;
        this.config = config;
        this.keyMetadata = keyMetadata;
        this.outbound = outbound;
    }

    public ClientRegistration validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("the body must be a JSON object of client metadata");
        }
        TokenEndpointAuthMethod method = authMethod(body);
        ClientKeyMetadataValidator.Keys keys = keyMetadata.validate(body, method);
        Set<String> grantTypes = grantTypes(body);
        Set<String> scopes = scopes(body);
        GrantRegistrationRules.checkGrantsAndScopes(grantTypes, scopes);
        TokenDeliveryMode mode = deliveryMode(body);
        return new ClientRegistration(
                clientName(body),
                method,
                grantTypes,
                scopes,
                mode,
                notificationEndpoint(body, mode),
                keys.jwks(),
                keys.jwksUri(),
                authorizationDetailsTypes(body),
                keys.signing(),
                GrantRegistrationRules.resourceIndicators(body),
                dpopBoundAccessTokens(body),
                numberMatching(body));
    }

    // client_name (REQUIRED here: the user sees it when approving)
    private static String clientName(JsonNode body) {
        String name = JsonMembers.string(body, "client_name")
                .orElseThrow(() -> ProblemException.badRequest("client_name is required"));
        if (name.isBlank() || name.length() > MAX_NAME) {
            throw ProblemException.badRequest("client_name must have 1 to " + MAX_NAME + " characters");
        }
        if (!TextRules.isDisplaySafe(name)) {
            throw ProblemException.badRequest("client_name must not contain control or bidirectional characters");
        }
        return name;
    }

    // token_endpoint_auth_method (OPTIONAL, default client_secret_basic), RFC 7591 §2
    private static TokenEndpointAuthMethod authMethod(JsonNode body) {
        return JsonMembers.string(body, "token_endpoint_auth_method")
                .map(v -> TokenEndpointAuthMethod.fromWire(v)
                        .orElseThrow(() -> ProblemException.badRequest(
                                "token_endpoint_auth_method must be client_secret_basic, client_secret_post,"
                                        + " private_key_jwt or client_secret_jwt")))
                .orElse(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC);
    }

    // grant_types (OPTIONAL, default the CIBA grant), RFC 7591 §2
    private Set<String> grantTypes(JsonNode body) {
        Set<String> values =
                JsonMembers.strings(body, "grant_types", MAX_TYPES, MAX_URI).orElse(Set.of(Client.CIBA_GRANT));
        if (values.isEmpty()) {
            throw ProblemException.badRequest("grant_types must not be empty");
        }
        Set<String> supported = grants.supported();
        if (!supported.containsAll(values)) {
            throw ProblemException.badRequest("grant_types may only contain " + String.join(", ", supported));
        }
        return values;
    }

    // scope (OPTIONAL, default openid), RFC 7591 §2 and RFC 6749 §3.3
    private static Set<String> scopes(JsonNode body) {
        String scope = JsonMembers.string(body, "scope").orElse("openid");
        if (scope.length() > MAX_SCOPE) {
            throw ProblemException.badRequest("scope must not be longer than " + MAX_SCOPE + " characters");
        }
        Set<String> values = new LinkedHashSet<>();
        for (String token : scope.split(" ", -1)) {
            if (!SCOPE_TOKEN.matcher(token).matches()) {
                throw ProblemException.badRequest(
                        "scope must be scope tokens (RFC 6749 §3.3) separated by single spaces");
            }
            values.add(token);
        }
        return values;
    }

    // backchannel_token_delivery_mode (REQUIRED by CIBA Core §4, default poll here)
    private static TokenDeliveryMode deliveryMode(JsonNode body) {
        return JsonMembers.string(body, "backchannel_token_delivery_mode")
                .map(v -> TokenDeliveryMode.fromWire(v)
                        .orElseThrow(() -> ProblemException.badRequest(
                                "backchannel_token_delivery_mode must be poll, ping or push")))
                .orElse(TokenDeliveryMode.POLL);
    }

    /**
     * backchannel_client_notification_endpoint, CIBA Core 1.0 §4: "REQUIRED if the token delivery
     * mode is set to ping or push. This is the endpoint to which the OP will post a notification
     * after a successful or failed end-user authentication. It MUST be an HTTPS URL." Checked with
     * the outbound policy too (no loopback or private address unless the operator allows it).
     * Refused for poll clients, to whom nothing is ever posted.
     */
    private Optional<URI> notificationEndpoint(JsonNode body, TokenDeliveryMode mode) {
        Optional<String> value = JsonMembers.string(body, NOTIFICATION_ENDPOINT);
        if (mode == TokenDeliveryMode.POLL) {
            if (JsonMembers.present(body, NOTIFICATION_ENDPOINT)) {
                throw ProblemException.badRequest(NOTIFICATION_ENDPOINT + " must not be sent for the poll mode");
            }
            return Optional.empty();
        }
        String url = value.orElseThrow(() -> ProblemException.badRequest(
                NOTIFICATION_ENDPOINT + " is required for the " + mode.wire() + " mode (CIBA Core 1.0 §4)"));
        if (url.length() > MAX_URI) {
            throw ProblemException.badRequest(NOTIFICATION_ENDPOINT + " must not be longer than " + MAX_URI);
        }
        try {
            return Optional.of(outbound.checkRegistered(url));
        } catch (OutboundUrlRejected e) {
            throw ProblemException.badRequest(NOTIFICATION_ENDPOINT + " " + e.getMessage());
        }
    }

    // dpop_bound_access_tokens (OPTIONAL), RFC 9449 §5.2: "A boolean value ... If omitted, the default
    // value is false."
    private static boolean dpopBoundAccessTokens(JsonNode body) {
        if (!JsonMembers.present(body, "dpop_bound_access_tokens")) {
            return false;
        }
        JsonNode value = body.get("dpop_bound_access_tokens");
        if (!value.isBoolean()) {
            throw ProblemException.badRequest("dpop_bound_access_tokens must be true or false");
        }
        return value.booleanValue();
    }

    // countersign_number_matching (OPTIONAL): an extension member (RFC 7591 §2 "Additional client
    // metadata names and values can be defined"); true asks number matching for every request of the
    // client. If omitted, false: the registry's per-type setting alone decides.
    private static boolean numberMatching(JsonNode body) {
        if (!JsonMembers.present(body, NUMBER_MATCHING)) {
            return false;
        }
        JsonNode value = body.get(NUMBER_MATCHING);
        if (!value.isBoolean()) {
            throw ProblemException.badRequest(NUMBER_MATCHING + " must be true or false");
        }
        return value.booleanValue();
    }

    // authorization_details_types (OPTIONAL), RFC 9396 §10
    private Set<String> authorizationDetailsTypes(JsonNode body) {
        Set<String> values = JsonMembers.strings(body, "authorization_details_types", MAX_TYPES, MAX_TYPE)
                .orElse(Set.of());
        List<String> supported = detailTypes.supported();
        for (String type : values) {
            if (!TextRules.isDisplaySafe(type) || type.isBlank()) {
                throw ProblemException.badRequest("authorization_details_types must not contain control characters");
            }
            if (!supported.contains(type)) {
                throw ProblemException.badRequest("authorization_details_types may only contain the types this"
                        + " server supports (authorization_details_types_supported in discovery)");
            }
        }
        return values;
    }
}
