package dev.countersign.demo;

import dev.countersign.common.OAuthException;
import dev.countersign.common.ProblemException;
import dev.countersign.common.ServiceConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies the demo payments API's bearer tokens the way any resource server outside this
 * service would (RFC 9068 §4): with the plain smallrye-jwt library against the provider's JWKS
 * URL, checking the signature (ES256 or RS256), {@code iss}, {@code aud}, {@code exp}, the
 * required scope (RFC 6750 §3.1 {@code insufficient_scope}) and the {@code act} claim naming the
 * agent (RFC 8693 §4.1).
 *
 * <p>It uses smallrye-jwt's {@code JWTParser} with its own {@code JWTAuthContextInfo}, not the
 * quarkus-smallrye-jwt extension: the extension installs a global Bearer mechanism that would
 * fight the WebAuthn sign-in of the approval app, and a resource server should not share the
 * provider's internals anyway. It knows nothing of Countersign beyond the issuer URL and the JWKS.
 */
@ApplicationScoped
public class DemoTokenVerifier {
    private final JWTParser parser;
    private final String scope;

    @Inject
    public DemoTokenVerifier(DemoPaymentsConfig config, ServiceConfig service) {
        String issuer = service.issuer().toString();
        JWTAuthContextInfo expected = new JWTAuthContextInfo(config.jwksUrl().orElse(issuer + "/jwks"), issuer);
        expected.setExpectedAudience(Set.of(config.audience().orElse(issuer + "/demo/payments")));
        expected.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256, SignatureAlgorithm.RS256));
        this.parser = new DefaultJWTParser(expected);
        this.scope = config.scope();
    }

    /**
     * The delegation the token proves, or an exception: {@code invalid_token} (401) for a token
     * that is not one of the provider's, for this API, unexpired; {@code insufficient_scope} (403)
     * without the scope; 403 when no agent acts for a user ({@code act} missing).
     */
    public Delegation verify(String accessToken) {
        JsonWebToken token;
        try {
            token = parser.parse(accessToken);
        } catch (ParseException e) {
            throw OAuthException.invalidToken("the access token is not valid here");
        }
        String scopes = token.getClaim("scope") instanceof String s ? s : "";
        if (!Arrays.asList(scopes.split(" ")).contains(scope)) {
            throw OAuthException.insufficientScope("the access token lacks the scope " + scope);
        }
        String agent = token.getClaim("act") instanceof JsonObject act ? firstActor(act) : null;
        if (agent == null) {
            throw ProblemException.forbidden(
                    "the access token names no agent acting for a user (act.sub); an agent pays only with a user's approval");
        }
        Optional<JsonArray> details = token.getClaim("authorization_details") instanceof JsonArray array
                ? Optional.of(array)
                : Optional.empty();
        return new Delegation(token.getSubject(), agent, details);
    }

    /**
     * What a verified token proves.
     *
     * @param user the user who approved ({@code sub})
     * @param agent the agent acting for them ({@code act.sub})
     * @param authorizationDetails what exactly they approved
     */
    public record Delegation(String user, String agent, Optional<JsonArray> authorizationDetails) {}

    /**
     * RFC 8693 §4.1: the outermost {@code act} is the current actor and each nested {@code act} a
     * prior one; the agent that asked for the payment is the innermost actor (with the embedded
     * runtime: {@code agent:<name>} behind the runtime's client; with an agent that is itself the
     * CIBA client: that client). Null when an {@code act} in the chain has no {@code sub}.
     */
    static String firstActor(JsonObject act) {
        JsonObject current = act;
        for (int depth = 0; depth < 8; depth++) {
            if (!(current.get("sub") instanceof JsonString sub)) {
                return null;
            }
            if (!(current.get("act") instanceof JsonObject prior)) {
                return sub.getString();
            }
            current = prior;
        }
        return null;
    }
}
