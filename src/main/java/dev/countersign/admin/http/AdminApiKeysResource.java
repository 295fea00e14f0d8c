package dev.countersign.admin.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.countersign.common.JsonBody;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.NoStore;
import dev.countersign.runtime.ApiKeys;
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
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The operator's API for agents' API keys: issue one for an agent (the key is in this answer only),
 * list them (prefix, agent, created, last used, revoked; never the key), revoke one. The answer to
 * an issue also shows the agent's webhook secret (which signs its runs' webhooks).
 */
@Path("/admin/api-keys")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
public class AdminApiKeysResource {
    private static final Set<String> MEMBERS = Set.of("agent");

    private final ApiKeys keys;

    public AdminApiKeysResource(ApiKeys keys) {
        this.keys = keys;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response issue(byte[] body, @Context UriInfo uri) {
        ApiKeys.ApiKey key = keys.issue(JsonBody.parse(body, MEMBERS).requiredString("agent"));
        return NoStore.apply(Response.created(
                        uri.getBaseUriBuilder().path("admin/api-keys/{id}").build(key.id())))
                .entity(KeyView.of(key))
                .build();
    }

    @GET
    public Response list() {
        List<KeyView> all = keys.all().stream().map(KeyView::of).toList();
        return NoStore.apply(Response.ok(all)).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        if (!keys.revoke(id)) {
            throw ProblemException.notFound("no live API key with this id");
        }
        return Response.noContent().build();
    }

    /** A key as the operator API shows it; {@code key} only when it is issued. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(
            String id,
            String agent,
            String prefix,
            String key,
            @JsonProperty("webhook_secret") String webhookSecret,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("last_used_at") Instant lastUsedAt,
            @JsonProperty("revoked_at") Instant revokedAt) {
        static KeyView of(ApiKeys.ApiKey k) {
            return new KeyView(
                    k.id(),
                    k.agent(),
                    k.prefix(),
                    k.key().orElse(null),
                    k.webhookSecret().orElse(null),
                    k.createdAt(),
                    k.lastUsedAt().orElse(null),
                    k.revokedAt().orElse(null));
        }
    }
}
