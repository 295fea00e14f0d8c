package dev.countersign.provider;

import dev.countersign.common.ServiceConfig;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider's metadata document: OpenID Connect Discovery 1.0 §3, RFC 8414 §2 and CIBA Core 1.0
 * §4. Lists only what is true: there is no authorization endpoint, so {@code response_types_supported}
 * and {@code response_modes_supported} are empty and request objects by reference are declared
 * unsupported, where omitting them would claim the specs' non-empty defaults.
 */
@Singleton
public class ProviderMetadata {
    static final List<String> CLAIMS =
            List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "acr", "amr", "at_hash", "name", "email");
    /** OIDC Core §5.4 and §11: the scope values with a meaning here beyond a client's own ones. */
    static final List<String> SCOPES =
            List.of(JwtTokenIssuer.OPENID, UserInfo.PROFILE, UserInfo.EMAIL, Client.OFFLINE_ACCESS);

    private final ServiceConfig service;
    private final ProviderConfig config;
    private final AuthorizationDetailsTypes detailTypes;
    private final Grants grants;
    private final SigningKeys keys;
    private final DpopProofs dpop;

    public ProviderMetadata(
            ServiceConfig service,
            ProviderConfig config,
            Grants grants,
            SigningKeys keys,
            DpopProofs dpop,
            AuthorizationDetailsTypes detailTypes) {
        this.detailTypes = detailTypes;
        this.service = service;
        this.config = config;
        this.grants = grants;
        this.keys = keys;
        this.dpop = dpop;
    }

    public Map<String, Object> document() {
        String issuer = service.issuer().toString();
        String base = service.endpoint("");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer);
        metadata.put("token_endpoint", base + "/token");
        metadata.put("introspection_endpoint", base + "/introspect");
        metadata.put("revocation_endpoint", base + "/revoke");
        metadata.put("userinfo_endpoint", base + "/userinfo");
        metadata.put("jwks_uri", base + "/jwks");
        metadata.put("backchannel_authentication_endpoint", base + "/bc-authorize");
        metadata.put(
                "backchannel_token_delivery_modes_supported",
                Arrays.stream(TokenDeliveryMode.values())
                        .map(TokenDeliveryMode::wire)
                        .toList());
        metadata.put("backchannel_user_code_parameter_supported", false);
        metadata.put("grant_types_supported", List.copyOf(grants.supported()));
        List<String> authMethods = Arrays.stream(TokenEndpointAuthMethod.values())
                .map(TokenEndpointAuthMethod::wire)
                .toList();
        metadata.put("token_endpoint_auth_methods_supported", authMethods);
        // RFC 8414 §2: MUST be present when private_key_jwt or client_secret_jwt is listed; "none"
        // MUST NOT be used.
        metadata.put("token_endpoint_auth_signing_alg_values_supported", names(Arrays.asList(JwsAlgorithm.values())));
        // RFC 8414 §2: introspection and revocation authenticate clients as the token endpoint does,
        // so their signing algorithm lists (required beside the JWT methods) are the same too.
        metadata.put("introspection_endpoint_auth_methods_supported", authMethods);
        metadata.put(
                "introspection_endpoint_auth_signing_alg_values_supported",
                names(Arrays.asList(JwsAlgorithm.values())));
        metadata.put("revocation_endpoint_auth_methods_supported", authMethods);
        metadata.put(
                "revocation_endpoint_auth_signing_alg_values_supported", names(Arrays.asList(JwsAlgorithm.values())));
        // CIBA Core 1.0 §4: the algorithms of signed authentication requests (§7.1.1), asymmetric only.
        metadata.put(
                "backchannel_authentication_request_signing_alg_values_supported", names(JwsAlgorithm.asymmetric()));
        metadata.put("authorization_details_types_supported", detailTypes.supported());
        metadata.put(
                "id_token_signing_alg_values_supported",
                keys.algorithmsInUse().stream().map(Enum::name).toList());
        metadata.put("scopes_supported", SCOPES);
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("claims_supported", CLAIMS);
        metadata.put("response_types_supported", List.of());
        metadata.put("response_modes_supported", List.of());
        metadata.put("request_uri_parameter_supported", false);
        // RFC 9449 §5.1
        metadata.put("dpop_signing_alg_values_supported", dpop.signingAlgValues());
        return metadata;
    }

    private static List<String> names(List<JwsAlgorithm> algorithms) {
        return algorithms.stream().map(Enum::name).toList();
    }
}
