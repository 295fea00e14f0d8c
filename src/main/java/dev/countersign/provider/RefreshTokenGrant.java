package dev.countersign.provider;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The refresh token grant (RFC 6749 §6) with rotation (RFC 9700 §4.14.2). Order of checks:
 * {@code refresh_token} missing → {@code invalid_request}; {@code scope} malformed →
 * {@code invalid_scope}; a live token with a scope wider than its original grant →
 * {@code invalid_scope} (the token stays usable); a live token bound to a DPoP key presented without
 * a proof of that key → {@code invalid_grant} (the token stays usable); the token unknown, another client's, expired,
 * revoked or already used → {@code invalid_grant} (a used one also revokes its family); then one
 * conditional update redeems it, and a new access token and refresh token of the same family follow.
 */
@ApplicationScoped
public class RefreshTokenGrant implements GrantHandler {
    static final String REFRESH_TOKEN = "refresh_token";
    private static final String INVALID =
            "the refresh token is invalid, expired, revoked or was issued to another client";

    private final RefreshTokens refreshTokens;
    private final TokenIssuer tokens;
    private final AuditLog audit;

    public RefreshTokenGrant(RefreshTokens refreshTokens, TokenIssuer tokens, AuditLog audit) {
        this.refreshTokens = refreshTokens;
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public String grantType() {
        return Client.REFRESH_TOKEN_GRANT;
    }

    @Override
    public TokenResponse handle(Client client, FormParameters parameters, SenderConstraint constraint) {
        // refresh_token (REQUIRED), RFC 6749 §6
        String token = parameters
                .get(REFRESH_TOKEN)
                .orElseThrow(() -> OAuthException.invalidRequest("refresh_token is required"));
        Optional<Set<String>> requested = parameters.get(ScopeValues.SCOPE).map(ScopeValues::parse);
        // A wider scope fails before the token is used, so the client keeps its refresh token.
        refreshTokens.inspect(token, client).ifPresent(live -> {
            requested.ifPresent(s -> narrowed(s, live));
            sameKey(live, constraint);
        });
        RefreshGrant grant =
                refreshTokens.redeem(token, client).orElseThrow(() -> OAuthException.invalidGrant(INVALID));
        Set<String> scopes = requested.orElse(grant.scopes());
        TokenResponse response = tokens.issue(new TokenRequest(
                client,
                grant.userSub(),
                scopes,
                grant.authorizationDetails(),
                grant.authTime(),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                false,
                Optional.of(grant.familyId()),
                constraint,
                Optional.empty()));
        audit.record(AuditEvent.success(
                        "token.issued",
                        "client:" + client.clientId(),
                        client.clientId(),
                        grant.userSub(),
                        "refresh_family:" + grant.familyId())
                .withDetail(Map.of(
                        "grant_type",
                        Client.REFRESH_TOKEN_GRANT,
                        "scope",
                        String.join(" ", scopes),
                        "token_type",
                        constraint.tokenType(),
                        "dpop_jkt",
                        constraint.jkt().orElse(""))));
        return response;
    }

    /**
     * RFC 9449 §5: a refresh token issued with a DPoP proof is bound to that key; "The binding MUST be
     * validated when the refresh token is later presented to get new access tokens" and "the client
     * MUST present a DPoP proof for the same key". Another key or no proof is {@code invalid_grant},
     * checked before the token is used, so the rightful holder keeps it.
     */
    private static void sameKey(RefreshGrant grant, SenderConstraint constraint) {
        if (grant.dpopJkt().isPresent() && !grant.dpopJkt().equals(constraint.jkt())) {
            throw OAuthException.invalidGrant("the refresh token is bound to a DPoP key; prove possession of that key");
        }
    }

    /**
     * scope (OPTIONAL), RFC 6749 §6: "The requested scope MUST NOT include any scope not originally
     * granted by the resource owner, and if omitted is treated as equal to the scope originally
     * granted by the resource owner."
     */
    private static Set<String> narrowed(Set<String> requested, RefreshGrant grant) {
        for (String scope : requested) {
            if (!grant.scopes().contains(scope)) {
                throw OAuthException.invalidScope(
                        "the scope " + ScopeValues.printable(scope) + " was not originally granted");
            }
        }
        return requested;
    }
}
