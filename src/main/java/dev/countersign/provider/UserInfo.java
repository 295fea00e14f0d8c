package dev.countersign.provider;

import dev.countersign.account.User;
import dev.countersign.account.Users;
import dev.countersign.common.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;

/**
 * The UserInfo claims (OpenID Connect Core §5.3) of the user an access token names, by scope
 * (§5.4): {@code sub} always, {@code name} with {@code profile}, {@code email} with {@code email}.
 * Order: not a live access token of this provider → {@code invalid_token}; a DPoP-bound token sent as
 * a bearer token, or with a proof of another key → {@code invalid_token} (RFC 9449 §7.1, §7.2); no {@code openid} scope
 * (which includes every client credentials token: no user stands behind it) →
 * {@code insufficient_scope}; the user no longer exists → {@code invalid_token}.
 */
@ApplicationScoped
public class UserInfo {
    static final String PROFILE = "profile";
    static final String EMAIL = "email";

    private final AccessTokens accessTokens;
    private final Users users;

    public UserInfo(AccessTokens accessTokens, Users users) {
        this.accessTokens = accessTokens;
        this.users = users;
    }

    /** The claims for a token sent as a bearer token (RFC 6750). */
    public Map<String, Object> claims(String accessToken) {
        return claims(accessToken, Optional.empty());
    }

    /**
     * The claims for a token sent as a bearer token or, with {@code proofJkt}, with the DPoP scheme and
     * a proof of the key with that thumbprint (checked by {@code DpopProofs}). RFC 9449 §7.2: "such a
     * protected resource MUST reject a DPoP-bound access token received as a bearer token"; §7.1: check
     * "that the public key of the DPoP proof matches the public key to which the access token is bound".
     */
    @Transactional
    public Map<String, Object> claims(String accessToken, Optional<String> proofJkt) {
        JwtClaims claims = accessTokens
                .active(accessToken)
                .orElseThrow(() -> OAuthException.invalidToken("the access token is invalid, expired or revoked"));
        Optional<String> boundTo =
                claims.getClaimValue("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt
                        ? Optional.of(jkt)
                        : Optional.empty();
        if (proofJkt.isEmpty() && boundTo.isPresent()) {
            throw OAuthException.invalidToken(
                    "a DPoP-bound access token must be sent with the DPoP scheme and a proof");
        }
        if (proofJkt.isPresent() && !proofJkt.equals(boundTo)) {
            throw OAuthException.invalidToken("the access token is not bound to the DPoP proof's key");
        }
        List<String> scopes = scopes(claims);
        // §5.3: "The Access Token obtained from an OpenID Connect Authentication Request MUST be sent"
        if (!scopes.contains(JwtTokenIssuer.OPENID) || claims.getClaimValue("act") == null) {
            throw OAuthException.insufficientScope("the access token was not granted the openid scope for a user");
        }
        String sub = (String) claims.getClaimValue("sub");
        User user = users.findBySub(sub)
                .orElseThrow(() -> OAuthException.invalidToken("the user of the access token no longer exists"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sub", user.sub());
        if (scopes.contains(PROFILE)) {
            user.name().ifPresent(name -> answer.put("name", name));
        }
        if (scopes.contains(EMAIL)) {
            user.email().ifPresent(email -> answer.put(EMAIL, email));
        }
        return answer;
    }

    private static List<String> scopes(JwtClaims claims) {
        return claims.getClaimValue("scope") instanceof String scope ? Arrays.asList(scope.split(" ")) : List.of();
    }
}
