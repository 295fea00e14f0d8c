package dev.countersign.provider;

import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import dev.countersign.common.ServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;

/**
 * Token introspection (RFC 7662 §2) for an authenticated client. A token is active only when this
 * provider issued it to the calling client and it is unexpired and unrevoked; for anything else,
 * including another client's live token, the answer is {@code {"active": false}} and nothing more
 * (§2.2: "the authorization server SHOULD NOT include any additional information about an inactive
 * token, including why the token is inactive").
 */
@ApplicationScoped
public class TokenIntrospection {
    static final String TOKEN = "token";
    static final String TOKEN_TYPE_HINT = "token_type_hint";
    static final String ACCESS_TOKEN = "access_token";
    static final String REFRESH_TOKEN = "refresh_token";

    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final ServiceConfig service;

    public TokenIntrospection(AccessTokens accessTokens, RefreshTokens refreshTokens, ServiceConfig service) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.service = service;
    }

    /**
     * token (REQUIRED) and token_type_hint (OPTIONAL), §2.1: "If the server is unable to locate the
     * token using the given hint, it MUST extend its search across all of its supported token types."
     * The hint only decides which type is looked up first; an unknown hint is ignored.
     */
    @Transactional
    public Map<String, Object> introspect(Client client, FormParameters form) {
        String token = form.get(TOKEN).orElseThrow(() -> OAuthException.invalidRequest("token is required"));
        boolean refreshFirst =
                form.get(TOKEN_TYPE_HINT).filter(REFRESH_TOKEN::equals).isPresent();
        Optional<Map<String, Object>> answer = refreshFirst
                ? refresh(token, client).or(() -> access(token, client))
                : access(token, client).or(() -> refresh(token, client));
        return answer.orElseGet(() -> Map.of("active", false));
    }

    /** §2.2 members of an RFC 9068 access token: its claims, {@code active} and {@code token_type}. */
    private Optional<Map<String, Object>> access(String token, Client client) {
        return accessTokens
                .active(token)
                .filter(claims -> client.clientId().equals(claims.getClaimValue("client_id")))
                .map(TokenIntrospection::accessMembers);
    }

    private static Map<String, Object> accessMembers(JwtClaims claims) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("active", true);
        members.putAll(claims.getClaimsMap());
        // RFC 9449 §6.2: a DPoP-bound token (cnf.jkt) is of type DPoP.
        boolean dpop = claims.getClaimValue("cnf") instanceof Map<?, ?> cnf && cnf.containsKey("jkt");
        members.put("token_type", dpop ? "DPoP" : "Bearer");
        return members;
    }

    private Optional<Map<String, Object>> refresh(String token, Client client) {
        return refreshTokens.inspect(token, client).map(grant -> {
            Map<String, Object> members = new LinkedHashMap<>();
            members.put("active", true);
            members.put("scope", String.join(" ", grant.scopes()));
            members.put("client_id", grant.clientId());
            members.put("sub", grant.userSub());
            members.put("iss", service.issuer().toString());
            members.put("iat", grant.issuedAt().getEpochSecond());
            members.put("exp", grant.expiresAt().getEpochSecond());
            return members;
        });
    }
}
