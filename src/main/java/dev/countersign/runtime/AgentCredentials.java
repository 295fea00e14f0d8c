package dev.countersign.runtime;

import dev.countersign.common.ServiceConfig;
import dev.countersign.provider.AccessTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Who is calling the agent API. Two kinds of bearer credential are accepted (RFC 6750 §2.1): an API
 * key ({@code cs_agent_…}, {@link ApiKeys}), naming the agent the operator issued it to; or an access
 * token of the embedded provider from the client credentials grant (RFC 6749 §4.4), verified as the
 * provider verifies its own tokens (signature with its keys, {@code typ at+jwt}, {@code iss},
 * {@code exp}, not revoked), whose {@code sub} is the client itself (not a user's delegated token),
 * whose {@code aud} names {@code countersign.runtime.agent-token-audience} (default: the issuer),
 * and which is not DPoP-bound ({@code cnf}). Such an agent is named {@code client:<client_id>}.
 */
@ApplicationScoped
public class AgentCredentials {
    static final String CLIENT_AGENT_PREFIX = "client:";

    private final ApiKeys apiKeys;
    private final AccessTokens accessTokens;
    private final String audience;

    public AgentCredentials(ApiKeys apiKeys, AccessTokens accessTokens, RuntimeConfig config, ServiceConfig service) {
        this.apiKeys = apiKeys;
        this.accessTokens = accessTokens;
        this.audience = config.agentTokenAudience().orElse(service.issuer().toString());
    }

    /** The agent a bearer credential names, if it is valid. */
    public Optional<String> agent(String bearer) {
        if (bearer == null || bearer.isEmpty()) {
            return Optional.empty();
        }
        if (bearer.startsWith(ApiKeys.PREFIX)) {
            return apiKeys.authenticate(bearer);
        }
        return accessTokens.active(bearer).flatMap(this::clientAgent);
    }

    private Optional<String> clientAgent(JwtClaims claims) {
        try {
            String sub = claims.getSubject();
            Object clientId = claims.getClaimValue("client_id");
            List<String> aud = claims.getAudience();
            boolean ownToken = sub != null && sub.equals(clientId);
            if (!ownToken || aud == null || !aud.contains(audience) || claims.hasClaim("cnf")) {
                return Optional.empty();
            }
            return Optional.of(CLIENT_AGENT_PREFIX + sub);
        } catch (MalformedClaimException e) {
            return Optional.empty();
        }
    }
}
