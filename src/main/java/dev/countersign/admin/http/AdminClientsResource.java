package dev.countersign.admin.http;

import dev.countersign.admin.ClientAdministration;
import dev.countersign.common.JsonBody;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.NoStore;
import dev.countersign.provider.ClientMetadataValidator;
import dev.countersign.provider.Clients;
import dev.countersign.provider.RegisteredClient;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/**
 * The operator's client registration API, shaped after RFC 7591 (§2 metadata, §3.2.1 response):
 * register an agent, read it back without its secret, delete it.
 */
@AdminOnly
@Path("/admin/clients")
public class AdminClientsResource {
    private final ClientMetadataValidator validator;
    private final Clients clients;
    private final ClientAdministration administration;

    public AdminClientsResource(
            ClientMetadataValidator validator, Clients clients, ClientAdministration administration) {
        this.validator = validator;
        this.clients = clients;
        this.administration = administration;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(byte[] body) {
        RegisteredClient registered = administration.register(validator.validate(JsonBody.readTree(body)));
        String clientId = registered.client().clientId();
        return NoStore.apply(Response.created(
                        UriBuilder.fromPath("/admin/clients/{id}").build(clientId)))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ClientMetadataResponse.registered(registered.client(), registered.clientSecret()))
                .build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response read(@PathParam("id") String clientId) {
        return clients.find(clientId)
                .map(client -> NoStore.apply(Response.ok(ClientMetadataResponse.stored(client)))
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .build())
                .orElseThrow(() -> unknown());
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String clientId) {
        if (!administration.delete(clientId)) {
            throw unknown();
        }
        return Response.noContent().build();
    }

    private static ProblemException unknown() {
        return ProblemException.notFound("no client with this client_id");
    }
}
