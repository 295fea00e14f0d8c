package dev.countersign.runtime.http;

import dev.countersign.common.Problem;
import dev.countersign.common.ProblemException;
import dev.countersign.runtime.AgentCredentials;
import dev.countersign.runtime.RuntimeConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * In front of every {@link AgentOnly} resource: answers 404 when the runtime is off
 * ({@code countersign.runtime.enabled=false}), else authenticates the agent by its bearer credential
 * ({@link AgentCredentials}, RFC 6750 §2.1) or answers 401 with a challenge.
 */
public class AgentAuthenticationFilter {
    private final AgentCredentials credentials;
    private final RuntimeConfig config;
    private final CallingAgent agent;

    public AgentAuthenticationFilter(AgentCredentials credentials, RuntimeConfig config, CallingAgent agent) {
        this.credentials = credentials;
        this.config = config;
        this.agent = agent;
    }

    @AgentOnly
    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext context) {
        if (!config.enabled()) {
            return problem(ProblemException.notFound("the agent runtime is switched off"), null);
        }
        String header = context.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : null;
        Optional<String> name = credentials.agent(token);
        if (name.isPresent()) {
            agent.set(name.get());
            return null;
        }
        return problem(
                ProblemException.unauthorized(
                        "a valid agent API key (Bearer cs_agent_…) or client credentials access token is required"),
                token == null ? "Bearer" : "Bearer error=\"invalid_token\"");
    }

    /** A problem answer, with a {@code WWW-Authenticate} challenge when one is given. */
    static Response problem(ProblemException problem, String challenge) {
        Response.ResponseBuilder response = Response.status(problem.status())
                .header("Cache-Control", "no-store")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(problem));
        if (challenge != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return response.build();
    }
}
