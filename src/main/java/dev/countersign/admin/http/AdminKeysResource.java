package dev.countersign.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.common.JsonBody;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.NoStore;
import dev.countersign.provider.SigningAlgorithm;
import dev.countersign.provider.SigningKeyState;
import dev.countersign.provider.SigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The operator's view of the signing keys (RFC 7517) and the rotation call: a rotated key is
 * published at once and signs after {@code countersign.keys.publish-before-use}.
 */
@AdminOnly
@Path("/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
public class AdminKeysResource {
    private final SigningKeys keys;

    public AdminKeysResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    public List<SigningKeyResponse> list() {
        return keys.states().stream().map(SigningKeyResponse::of).toList();
    }

    @GET
    @Path("{kid}")
    public SigningKeyResponse read(@PathParam("kid") String kid) {
        return keys.states().stream()
                .filter(s -> s.kid().equals(kid))
                .findFirst()
                .map(SigningKeyResponse::of)
                .orElseThrow(() -> ProblemException.notFound("no signing key with this kid"));
    }

    /** Body (optional): {@code {"alg": "ES256" | "RS256"}}; the configured algorithm otherwise. */
    @POST
    @Path("rotate")
    public Response rotate(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        Optional<SigningAlgorithm> alg = requestedAlgorithm(body, contentType);
        SigningKeyState created = keys.rotate(alg);
        return NoStore.apply(Response.created(
                        UriBuilder.fromPath("/admin/keys/{kid}").build(created.kid())))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(SigningKeyResponse.of(created))
                .build();
    }

    private Optional<SigningAlgorithm> requestedAlgorithm(byte[] body, String contentType) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        if (!isJson(contentType)) {
            throw new NotSupportedException();
        }
        JsonNode request = JsonBody.readTree(body);
        if (!request.isObject()) {
            throw ProblemException.badRequest("the body must be a JSON object");
        }
        JsonNode alg = request.get("alg");
        if (alg == null || alg.isNull()) {
            return Optional.empty();
        }
        return Arrays.stream(SigningAlgorithm.values())
                .filter(a -> alg.isTextual() && a.name().equals(alg.textValue()))
                .findFirst()
                .map(Optional::of)
                .orElseThrow(() -> ProblemException.badRequest("alg must be ES256 or RS256"));
    }

    private static boolean isJson(String contentType) {
        try {
            return contentType != null && MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
