package dev.countersign.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.common.JsonBody;
import dev.countersign.common.ProblemException;
import dev.countersign.runtime.RunPings;
import dev.countersign.runtime.RuntimeConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * The runtime's client notification endpoint (CIBA Core 1.0 §10.2), where an external provider in
 * ping mode tells the runtime that the user decided: {@code POST} with {@code application/json}
 * {@code {"auth_req_id": "…"}} and {@code Authorization: Bearer <client_notification_token>}.
 *
 * <p>Order of checks: runtime off → 404; no bearer token → 401; body over {@link #MAX_BODY_BYTES}
 * → 413; not a JSON object with a string {@code auth_req_id} → 400; token not the one sent with
 * that request, or no such request → 401 (the same answer, so a caller without the token learns
 * nothing); else 204, "The Client MUST respond with an HTTP 204 No Content" (§10.2). Errors are
 * RFC 9457 problems (ADR 0003); a wrong content type is refused with 415 before any of this.
 */
@Path(RunPings.PATH)
@Blocking
public class ClientNotificationResource {
    /** A ping body is one short member; anything much larger is not a ping. */
    static final int MAX_BODY_BYTES = 4096;

    private final RunPings pings;
    private final RuntimeConfig config;

    public ClientNotificationResource(RunPings pings, RuntimeConfig config) {
        this.pings = pings;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response ping(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body)
            throws IOException {
        if (!config.enabled()) {
            throw ProblemException.notFound("the agent runtime is switched off");
        }
        String token = bearer(authorization);
        if (token == null) {
            return AgentAuthenticationFilter.problem(
                    ProblemException.unauthorized("the client_notification_token is required as a Bearer token"),
                    "Bearer");
        }
        String authReqId = authReqId(body.readNBytes(MAX_BODY_BYTES + 1));
        if (!pings.accept(token, authReqId)) {
            return AgentAuthenticationFilter.problem(
                    ProblemException.unauthorized("the bearer token is not the client_notification_token"
                            + " of a request with this auth_req_id"),
                    "Bearer error=\"invalid_token\"");
        }
        return Response.noContent().build();
    }

    /** RFC 6750 §2.1: {@code Authorization: Bearer <b64token>}; null when absent or another scheme. */
    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** §10.2: "auth_req_id REQUIRED. CIBA authentication request ID". */
    private static String authReqId(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new WebApplicationException(Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
        JsonNode ping = JsonBody.readTree(body);
        JsonNode id = ping == null || !ping.isObject() ? null : ping.get("auth_req_id");
        if (id == null || !id.isTextual() || id.textValue().isEmpty()) {
            throw ProblemException.badRequest("the body must be a JSON object with a string auth_req_id");
        }
        return id.textValue();
    }
}
