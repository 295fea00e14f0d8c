package dev.countersign.provider;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The client credentials grant (RFC 6749 §4.4): an agent acting as itself. Its access token names
 * the client as {@code sub} with no {@code act}; there is no ID token and no refresh token (§4.4.3
 * "A refresh token SHOULD NOT be included"). The scope is limited to the client's registered scope
 * minus the user-only values {@code openid} and {@code offline_access}; the audience to the RFC 8707
 * resources registered as the client's {@code resource_indicators}. Order of checks: scope →
 * resource.
 */
@ApplicationScoped
public class ClientCredentialsGrant implements GrantHandler {
    /** Scope values that only make sense when a user is present. */
    static final Set<String> USER_ONLY = Set.of(JwtTokenIssuer.OPENID, Client.OFFLINE_ACCESS);

    private final TokenIssuer tokens;
    private final AuditLog audit;
    private final Clock clock;

    public ClientCredentialsGrant(TokenIssuer tokens, AuditLog audit, Clock clock) {
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public String grantType() {
        return Client.CLIENT_CREDENTIALS_GRANT;
    }

    @Override
    public TokenResponse handle(Client client, FormParameters parameters, SenderConstraint constraint) {
        Set<String> scopes = scopes(client, parameters);
        Optional<Set<String>> audience = audience(client, parameters);
        TokenResponse response = tokens.issue(new TokenRequest(
                client,
                client.clientId(),
                scopes,
                Optional.empty(),
                clock.instant(),
                Optional.empty(),
                List.of(),
                audience,
                true,
                Optional.empty(),
                constraint,
                Optional.empty()));
        audit.record(AuditEvent.success("token.issued", "client:" + client.clientId(), client.clientId(), null, null)
                .withDetail(Map.of(
                        "grant_type",
                        Client.CLIENT_CREDENTIALS_GRANT,
                        "scope",
                        String.join(" ", scopes),
                        "aud",
                        audience.map(a -> String.join(" ", a)).orElse("default"),
                        "token_type",
                        constraint.tokenType(),
                        "dpop_jkt",
                        constraint.jkt().orElse(""))));
        return response;
    }

    /**
     * scope (OPTIONAL), RFC 6749 §4.4.2 and §3.3: "If the client omits the scope parameter ... the
     * authorization server MUST either process the request using a pre-defined default value or fail
     * the request indicating an invalid scope." The default is every value the client may have.
     */
    private static Set<String> scopes(Client client, FormParameters parameters) {
        Set<String> allowed = new LinkedHashSet<>(client.scopes());
        allowed.removeAll(USER_ONLY);
        Optional<String> raw = parameters.get(ScopeValues.SCOPE);
        if (raw.isEmpty()) {
            if (allowed.isEmpty()) {
                throw OAuthException.invalidScope("the client has no scope it may use without a user");
            }
            return allowed;
        }
        Set<String> requested = ScopeValues.parse(raw.get());
        for (String scope : requested) {
            if (!allowed.contains(scope)) {
                throw OAuthException.invalidScope("the client may not request the scope " + ScopeValues.printable(scope)
                        + " with client credentials");
            }
        }
        return requested;
    }

    /**
     * resource (OPTIONAL, repeatable), RFC 8707 §2: "Multiple "resource" parameters MAY be used"; the
     * access token is audience-restricted to the resources named. A value that is not an absolute URI
     * without a fragment, or not among the client's {@code resource_indicators}, is
     * {@code invalid_target} ("The requested resource is invalid, missing, unknown, or malformed").
     * Without one the token is for the default audience.
     */
    private static Optional<Set<String>> audience(Client client, FormParameters parameters) {
        List<String> resources = parameters.resources();
        if (resources.isEmpty()) {
            return Optional.empty();
        }
        Set<String> audience = new LinkedHashSet<>();
        for (String resource : resources) {
            if (!GrantRegistrationRules.isResourceIndicator(resource)) {
                throw OAuthException.invalidTarget("resource must be an absolute URI without a fragment");
            }
            if (!client.resources().contains(resource)) {
                throw OAuthException.invalidTarget("the client may not request this resource");
            }
            audience.add(resource);
        }
        return Optional.of(audience);
    }
}
