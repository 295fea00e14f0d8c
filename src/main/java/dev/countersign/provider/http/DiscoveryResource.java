package dev.countersign.provider.http;

import dev.countersign.provider.ProviderMetadata;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The provider metadata at both well-known paths: OpenID Connect Discovery 1.0 §4 and RFC 8414 §3.
 */
@Path("/.well-known")
public class DiscoveryResource {
    private static final String CACHE = "public, max-age=60";

    private final ProviderMetadata metadata;

    public DiscoveryResource(ProviderMetadata metadata) {
        this.metadata = metadata;
    }

    @GET
    @Path("openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Response openidConfiguration() {
        return answer();
    }

    @GET
    @Path("oauth-authorization-server")
    @Produces(MediaType.APPLICATION_JSON)
    public Response oauthAuthorizationServer() {
        return answer();
    }

    private Response answer() {
        return Response.ok(metadata.document(), MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", CACHE)
                .build();
    }
}
