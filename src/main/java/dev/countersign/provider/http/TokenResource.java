package dev.countersign.provider.http;

import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import dev.countersign.common.http.NoStore;
import dev.countersign.provider.Client;
import dev.countersign.provider.ClientAuthentication;
import dev.countersign.provider.Grants;
import dev.countersign.provider.TokenResponse;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The token endpoint (RFC 6749 §3.2, CIBA Core 1.0 §10.1): parse the form strictly → authenticate the
 * client → pick the {@code GrantHandler} for {@code grant_type} → answer its tokens with
 * {@code Cache-Control: no-store} (RFC 6749 §5.1).
 */
@Path("/token")
public class TokenResource {
    private final ClientAuthentication clientAuthentication;
    private final Grants grants;

    public TokenResource(ClientAuthentication clientAuthentication, Grants grants) {
        this.clientAuthentication = clientAuthentication;
        this.grants = grants;
    }

    /**
     * One transaction for the whole request, so it commits (and reaches the disk) once. OAuth error
     * answers commit too: what a grant recorded before answering (e.g. the CIBA poll time and a
     * grown interval on {@code slow_down}) must stay.
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional(dontRollbackOn = OAuthException.class)
    public Response token(byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        FormParameters form = FormParameters.parse(body);
        Client client = clientAuthentication.authenticate(authorization, form);
        TokenResponse tokens = grants.handlerFor(client, form).handle(client, form);
        return NoStore.apply(Response.ok(tokens, MediaType.APPLICATION_JSON_TYPE))
                .build();
    }
}
