package dev.countersign.provider.http;

import dev.countersign.common.FormParameters;
import dev.countersign.common.http.NoStore;
import dev.countersign.provider.Client;
import dev.countersign.provider.ClientAuthentication;
import dev.countersign.provider.TokenIntrospection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The introspection endpoint (RFC 7662 §2): parse the form strictly → authenticate the client (§2.1
 * "the endpoint MUST also require some form of authorization") → introspect → answer
 * {@code application/json} with {@code Cache-Control: no-store}.
 */
@Path("/introspect")
public class IntrospectionResource {
    private final ClientAuthentication clientAuthentication;
    private final TokenIntrospection introspection;

    public IntrospectionResource(ClientAuthentication clientAuthentication, TokenIntrospection introspection) {
        this.clientAuthentication = clientAuthentication;
        this.introspection = introspection;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response introspect(byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        FormParameters form = FormParameters.parse(body);
        Client client = clientAuthentication.authenticate(authorization, form);
        return NoStore.apply(Response.ok(introspection.introspect(client, form), MediaType.APPLICATION_JSON_TYPE))
                .build();
    }
}
