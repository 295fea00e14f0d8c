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
import org.jose4j.jwt.JwtClaims;

/**
 * The UserInfo claims (OpenID Connect Core §5.3) of the user an access token names, by scope
 * (§5.4): {@code sub} always, {@code name} with {@code profile}, {@code email} with {@code email}.
 * Order: not a live access token of this provider → {@code invalid_token}; no {@code openid} scope
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

    @Transactional
    public Map<String, Object> claims(String accessToken) {
        JwtClaims claims = accessTokens
                .active(accessToken)
                .orElseThrow(() -> OAuthException.invalidToken("the access token is invalid, expired or revoked"));
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
