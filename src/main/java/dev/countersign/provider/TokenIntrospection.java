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
import org.jose4j.jwt.MalformedClaimException;

/**
 * Token introspection (RFC 7662 §2) for an authenticated client. A token is active only when this
 * provider issued it, it is unexpired and unrevoked, and the caller may see it: the client it was
 * issued to, or, for an access token, a protected resource (§1) registered as a client whose
 * {@code resource_indicators} name one of the token's {@code aud} values (ADR 0006). For anything
 * else, including another client's live token, the answer is {@code {"active": false}} and nothing
 * more (§2.2: "the authorization server SHOULD NOT include any additional information about an
 * inactive token, including why the token is inactive"). An access token that names a passkey
 * approval receipt is answered with the receipt and its verification ({@link ApprovalReceiptEvidence}).
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
    private final ApprovalReceiptEvidence receipts;

    public TokenIntrospection(
            AccessTokens accessTokens,
            RefreshTokens refreshTokens,
            ServiceConfig service,
            ApprovalReceiptEvidence receipts) {
        this.receipts = receipts;
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
                .filter(claims -> mayIntrospect(client, claims))
                .map(this::accessMembers);
    }

    /**
     * §4: "the authorization server MUST determine whether or not the protected resource is allowed
     * to introspect": the token's own client, or a client registered for one of its audiences.
     */
    static boolean mayIntrospect(Client client, JwtClaims claims) {
        if (client.clientId().equals(claims.getClaimValue("client_id"))) {
            return true;
        }
        try {
            return claims.getAudience().stream().anyMatch(client.resources()::contains);
        } catch (MalformedClaimException e) {
            return false;
        }
    }

    private Map<String, Object> accessMembers(JwtClaims claims) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("active", true);
        members.putAll(claims.getClaimsMap());
        if (claims.getClaimValue(ApprovalReceiptEvidence.CLAIM) instanceof String receiptId) {
            receipts.describe(receiptId).ifPresent(r -> members.put(ApprovalReceiptEvidence.MEMBER, r));
        }
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
