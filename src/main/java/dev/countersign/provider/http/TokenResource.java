package dev.countersign.provider.http;

import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import dev.countersign.common.http.NoStore;
import dev.countersign.provider.Client;
import dev.countersign.provider.ClientAuthentication;
import dev.countersign.provider.DpopProofs;
import dev.countersign.provider.GrantHandler;
import dev.countersign.provider.Grants;
import dev.countersign.provider.SenderConstraint;
import dev.countersign.provider.TokenResponse;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The token endpoint (RFC 6749 §3.2, CIBA Core 1.0 §10.1): parse the form strictly → authenticate the
 * client → pick the {@code GrantHandler} for {@code grant_type} → check the DPoP proof, if any, into a
 * {@link SenderConstraint} (RFC 9449 §5) → answer the handler's tokens with {@code Cache-Control:
 * no-store} (RFC 6749 §5.1) and, when nonces are on, the next {@code DPoP-Nonce} (RFC 9449 §8.2).
 */
@Path(TokenResource.PATH)
public class TokenResource {
    static final String PATH = "/token";

    private final ClientAuthentication clientAuthentication;
    private final Grants grants;
    private final DpopProofs dpop;

    public TokenResource(ClientAuthentication clientAuthentication, Grants grants, DpopProofs dpop) {
        this.clientAuthentication = clientAuthentication;
        this.grants = grants;
        this.dpop = dpop;
    }

    /**
     * One transaction for the whole request, so it commits (and reaches the disk) once. OAuth error
     * answers commit too: what was recorded before answering (a grown interval on {@code slow_down},
     * the first use of a client assertion's or DPoP proof's {@code jti}) must stay. Everything uses
     * this one transaction and its one connection, so concurrent requests cannot starve the pool.
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional(dontRollbackOn = OAuthException.class)
    public Response token(
            byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpHeaders headers) {
        FormParameters form = FormParameters.parse(body);
        Client client = clientAuthentication.authenticate(authorization, form);
        GrantHandler handler = grants.handlerFor(client, form);
        SenderConstraint constraint =
                dpop.forTokenRequest(client, headers.getRequestHeader(DpopProofs.HEADER), HttpMethod.POST, PATH);
        TokenResponse tokens = handler.handle(client, form, constraint);
        Response.ResponseBuilder response = NoStore.apply(Response.ok(tokens, MediaType.APPLICATION_JSON_TYPE));
        dpop.nonceToSupply().ifPresent(nonce -> response.header(DpopProofs.NONCE_HEADER, nonce));
        return response.build();
    }
}
