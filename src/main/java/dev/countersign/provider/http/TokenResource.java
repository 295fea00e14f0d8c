package dev.countersign.provider.http;

import dev.countersign.common.FormParameters;
import dev.countersign.common.http.NoStore;
import dev.countersign.provider.DpopProofs;
import dev.countersign.provider.TokenRequests;
import dev.countersign.provider.TokenResponse;
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
import java.util.List;

/**
 * The token endpoint (RFC 6749 §3.2, CIBA Core 1.0 §10.1): parse the form strictly, then {@link
 * TokenRequests} (client authentication, the grant, DPoP); answer the tokens with {@code
 * Cache-Control: no-store} (RFC 6749 §5.1) and, when nonces are on, the next {@code DPoP-Nonce} (RFC
 * 9449 §8.2). A bearer request whose answer writes nothing (a pending poll) is answered before any
 * transaction begins.
 */
@Path(TokenResource.PATH)
public class TokenResource {
    static final String PATH = "/token";

    private final TokenRequests requests;
    private final DpopProofs dpop;

    public TokenResource(TokenRequests requests, DpopProofs dpop) {
        this.requests = requests;
        this.dpop = dpop;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(
            byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpHeaders headers) {
        FormParameters form = FormParameters.parse(body);
        List<String> proofs = headers.getRequestHeader(DpopProofs.HEADER);
        if (proofs == null || proofs.isEmpty()) {
            requests.answerWithoutWriting(authorization, form);
        }
        TokenResponse tokens = requests.exchange(authorization, form, proofs, HttpMethod.POST, PATH);
        Response.ResponseBuilder response = NoStore.apply(Response.ok(tokens, MediaType.APPLICATION_JSON_TYPE));
        dpop.nonceToSupply().ifPresent(nonce -> response.header(DpopProofs.NONCE_HEADER, nonce));
        return response.build();
    }
}
