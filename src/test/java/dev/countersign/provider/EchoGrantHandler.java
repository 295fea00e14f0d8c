package dev.countersign.provider;

import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A test-only grant that issues tokens for whatever user and scope it is told, so the token
 * endpoint, client authentication and the token issuer can be tested before the CIBA grant exists.
 * Parameters: {@code sub} (required), {@code scope} (default {@code openid}),
 * {@code authorization_details}, {@code acr}, {@code amr} (space-separated).
 */
@ApplicationScoped
public class EchoGrantHandler implements GrantHandler {
    public static final String GRANT_TYPE = "urn:countersign:test:grant-type:echo";

    private final TokenIssuer issuer;
    private final Clock clock;

    public EchoGrantHandler(TokenIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public TokenResponse handle(Client client, FormParameters parameters, SenderConstraint constraint) {
        String sub = parameters.get("sub").orElseThrow(() -> OAuthException.invalidRequest("sub is required"));
        String scope = parameters.get("scope").orElse("openid");
        return issuer.issue(new TokenRequest(
                        client,
                        sub,
                        new LinkedHashSet<>(Arrays.asList(scope.split(" "))),
                        parameters.get("authorization_details"),
                        clock.instant().minusSeconds(30),
                        parameters.get("acr"),
                        parameters.get("amr").map(v -> List.of(v.split(" "))).orElse(List.of()))
                .withSenderConstraint(constraint));
    }
}
