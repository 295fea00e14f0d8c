package dev.countersign.provider;

import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * The token endpoint's work (RFC 6749 §3.2, CIBA Core 1.0 §10.1): authenticate the client → pick
 * the {@code GrantHandler} for {@code grant_type} → check the DPoP proof, if any, into a {@link
 * SenderConstraint} (RFC 9449 §5) → the handler's tokens. A bearer request whose answer writes
 * nothing (a pending poll authenticated with a client secret) is answered first, without a
 * transaction ({@link #answerWithoutWriting}); every other request runs {@link #exchange}.
 */
@ApplicationScoped
public class TokenRequests {
    private final ClientAuthentication clientAuthentication;
    private final Grants grants;
    private final DpopProofs dpop;

    public TokenRequests(ClientAuthentication clientAuthentication, Grants grants, DpopProofs dpop) {
        this.clientAuthentication = clientAuthentication;
        this.grants = grants;
        this.dpop = dpop;
    }

    /**
     * Throws the answer to a request without a DPoP proof when that answer writes nothing, with the
     * same checks in the same order as {@link #exchange}; returns when {@link #exchange} must run.
     */
    public void answerWithoutWriting(String authorization, FormParameters form) {
        Optional<Client> client = clientAuthentication.authenticateWithoutWriting(authorization, form);
        if (client.isEmpty() || client.get().dpopBoundAccessTokens()) {
            return;
        }
        grants.handlerFor(client.get(), form).answerWithoutWriting(client.get(), form);
    }

    /**
     * One transaction for the whole request, so it commits (and reaches the disk) once. OAuth error
     * answers commit too: what was recorded before answering (a grown interval on {@code slow_down},
     * the first use of a client assertion's or DPoP proof's {@code jti}) must stay. Everything uses
     * this one transaction and its one connection, so concurrent requests cannot starve the pool.
     *
     * @param dpopProofs every {@code DPoP} header field of the request, possibly none
     */
    @Transactional(dontRollbackOn = OAuthException.class)
    public TokenResponse exchange(
            String authorization, FormParameters form, List<String> dpopProofs, String method, String path) {
        Client client = clientAuthentication.authenticate(authorization, form);
        GrantHandler handler = grants.handlerFor(client, form);
        SenderConstraint constraint = dpop.forTokenRequest(client, dpopProofs, method, path);
        return handler.handle(client, form, constraint);
    }
}
