package dev.countersign.provider.http;

import dev.countersign.common.FormParameters;
import dev.countersign.common.http.NoStore;
import dev.countersign.provider.Client;
import dev.countersign.provider.ClientAuthentication;
import dev.countersign.provider.TokenRevocation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The revocation endpoint (RFC 7009 §2): parse the form strictly → authenticate the client → revoke
 * → {@code 200} with an empty body (§2.2: "The content of the response body is ignored by the
 * client"), also for invalid tokens.
 */
@Path("/revoke")
public class RevocationResource {
    private final ClientAuthentication clientAuthentication;
    private final TokenRevocation revocation;

    public RevocationResource(ClientAuthentication clientAuthentication, TokenRevocation revocation) {
        this.clientAuthentication = clientAuthentication;
        this.revocation = revocation;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        FormParameters form = FormParameters.parse(body);
        Client client = clientAuthentication.authenticate(authorization, form);
        revocation.revoke(client, form);
        return NoStore.apply(Response.ok()).build();
    }
}
