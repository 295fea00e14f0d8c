package dev.countersign.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.common.JsonBody;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.NoStore;
import dev.countersign.runtime.Action;
import dev.countersign.runtime.ActionCatalog;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * The operator's action catalog API: create (validated, stored), list, read, delete. Actions from
 * configuration are listed and read too (with {@code "source": "configuration"}) but cannot be
 * deleted here. Bad input is a 400 problem naming the field, a taken name a 409.
 */
@Path("/admin/actions")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
public class AdminActionsResource {
    private final ActionCatalog catalog;

    public AdminActionsResource(ActionCatalog catalog) {
        this.catalog = catalog;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(byte[] body, @Context UriInfo uri) {
        Action action = catalog.create(JsonBody.readTree(body));
        return NoStore.apply(Response.created(
                        uri.getBaseUriBuilder().path("admin/actions/{name}").build(action.name())))
                .entity(catalog.describe(action, true))
                .build();
    }

    @GET
    public List<ObjectNode> list() {
        return catalog.all().stream().map(a -> catalog.describe(a, true)).toList();
    }

    @GET
    @Path("{name}")
    public ObjectNode read(@PathParam("name") String name) {
        return catalog.describe(catalog.find(name).orElseThrow(AdminActionsResource::unknown), true);
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        if (!catalog.delete(name)) {
            throw unknown();
        }
        return Response.noContent().build();
    }

    private static ProblemException unknown() {
        return ProblemException.notFound("no action with this name");
    }
}
