package dev.countersign.runtime.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.runtime.ActionCatalog;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The action catalog as agents see it: each action's name, description, parameter schema and scope. */
@Path("/v1/actions")
@AgentOnly
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class ActionsResource {
    private final ActionCatalog catalog;

    public ActionsResource(ActionCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public List<ObjectNode> list() {
        return catalog.all().stream().map(a -> catalog.describe(a, false)).toList();
    }
}
