package dev.countersign.provider.http;

import dev.countersign.provider.SigningKey;
import dev.countersign.provider.SigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;

/**
 * The provider's JWK Set (RFC 7517 §5), served as {@code application/jwk-set+json} (§8.5.1): the
 * public part of every key that signs now, will sign soon, or signed a token that may still be valid.
 * Cached briefly, well inside {@code countersign.keys.publish-before-use}.
 */
@Path("/jwks")
public class JwksResource {
    public static final String JWK_SET_JSON = "application/jwk-set+json";
    private static final String CACHE = "public, max-age=60";

    private final SigningKeys keys;

    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces({JWK_SET_JSON, "application/json"})
    public Response jwks() {
        String set = keys.published().stream()
                .map(SigningKey::publicJwk)
                .collect(Collectors.joining(",", "{\"keys\":[", "]}"));
        return Response.ok(set, JWK_SET_JSON).header("Cache-Control", CACHE).build();
    }
}
