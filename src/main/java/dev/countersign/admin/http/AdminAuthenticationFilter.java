package dev.countersign.admin.http;

import dev.countersign.admin.AdminToken;
import dev.countersign.common.Problem;
import dev.countersign.common.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** RFC 6750 bearer authentication of the operator on every {@link AdminOnly} resource. */
public class AdminAuthenticationFilter {
    private final AdminToken adminToken;

    public AdminAuthenticationFilter(AdminToken adminToken) {
        this.adminToken = adminToken;
    }

    @AdminOnly
    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext context) {
        String header = context.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : null;
        if (adminToken.matches(token)) {
            return null;
        }
        ProblemException problem = ProblemException.unauthorized("a valid admin bearer token is required");
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, token == null ? "Bearer" : "Bearer error=\"invalid_token\"")
                .header("Cache-Control", "no-store")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(problem))
                .build();
    }
}
