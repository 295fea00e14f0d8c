package dev.countersign.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthErrorAnswered;
import dev.countersign.common.OAuthErrorBody;
import dev.countersign.common.OAuthException;
import dev.countersign.common.Problem;
import dev.countersign.common.ProblemException;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place that turns exceptions into HTTP answers. OAuth endpoints answer
 * {@code {"error","error_description"}} (RFC 6749 §5.2); the product APIs answer RFC 9457 problem
 * details. Nothing ever reveals a stack trace or a class name: an unexpected failure is logged with
 * a correlation id and answered as {@code server_error} with that id.
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @Inject
    Event<OAuthErrorAnswered> answered;

    @ServerExceptionMapper
    public Response oauth(OAuthException e, HttpHeaders headers) {
        answered.fire(new OAuthErrorAnswered(e.error(), e.description(), e.status()));
        Response.ResponseBuilder builder = NoStore.apply(Response.status(e.status()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new OAuthErrorBody(e.error().code(), e.description()));
        e.headers().forEach(builder::header);
        if (e.error() == OAuthError.INVALID_CLIENT && headers.getHeaderString(HttpHeaders.AUTHORIZATION) != null) {
            // RFC 6749 §5.2: a 401 to a client that used the Authorization header names the scheme.
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"countersign\"");
        }
        if (e.error().isBearerChallenge() && !e.headers().containsKey(HttpHeaders.WWW_AUTHENTICATE)) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.of(e.error(), e.description()));
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return problemResponse(Problem.of(e));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return badInput(uri, "the body is not valid JSON of the expected shape");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "the requested media type is not available";
            case 413 -> "the request is too large";
            case 415 -> "unsupported content type";
            default -> "the request could not be processed";
        };
        if (ProtocolPaths.isProtocol(uri.getPath())) {
            Response.ResponseBuilder builder = NoStore.apply(Response.status(status))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new OAuthErrorBody(OAuthError.INVALID_REQUEST.code(), detail));
            copyAllow(e, builder);
            return builder.build();
        }
        Response.ResponseBuilder builder = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem("/problems/http-" + status, detail, status, detail, null));
        copyAllow(e, builder);
        return builder.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (Overload.isOverload(e)) {
            return overloaded(uri);
        }
        if (ClientGone.isClientGone(e)) {
            // Nobody receives this answer; the request changed nothing, since its body never arrived.
            LOG.debugf("The client closed the connection before its request to %s was read", uri.getPath());
            return badInput(uri, "the request body ended before its length");
        }
        String correlation = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure on %s (correlation id %s)", uri.getPath(), correlation);
        if (ProtocolPaths.isProtocol(uri.getPath())) {
            return NoStore.apply(Response.status(500))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new OAuthErrorBody(
                            OAuthError.SERVER_ERROR.code(), "unexpected failure, correlation id " + correlation))
                    .build();
        }
        return problemResponse(new Problem("/problems/server-error", "Unexpected failure", 500, null, correlation));
    }

    /** A request that found no free database connection: nothing changed, try again shortly. */
    private static Response overloaded(UriInfo uri) {
        LOG.warnf("Busy: no database connection free in time for %s; answered 503", uri.getPath());
        String detail = "the service is busy; retry after " + Overload.RETRY_AFTER_SECONDS + " second";
        return unavailable(uri.getPath(), "Service busy", detail).build();
    }

    /**
     * 503 with {@code Retry-After} (RFC 9110 §15.6.4, §10.2.3): an OAuth {@code
     * temporarily_unavailable} on the protocol paths, a problem elsewhere.
     */
    static Response.ResponseBuilder unavailable(String path, String title, String detail) {
        Response.ResponseBuilder builder;
        if (ProtocolPaths.isProtocol(path)) {
            builder = NoStore.apply(Response.status(503))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new OAuthErrorBody(OAuthError.TEMPORARILY_UNAVAILABLE.code(), detail));
        } else {
            builder = NoStore.apply(Response.status(503))
                    .type(Problem.MEDIA_TYPE)
                    .entity(new Problem("/problems/unavailable", title, 503, detail, null));
        }
        return builder.header(HttpHeaders.RETRY_AFTER, Overload.RETRY_AFTER_SECONDS);
    }

    private static Response badInput(UriInfo uri, String detail) {
        if (ProtocolPaths.isProtocol(uri.getPath())) {
            return NoStore.apply(Response.status(400))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new OAuthErrorBody(OAuthError.INVALID_REQUEST.code(), detail))
                    .build();
        }
        return problemResponse(Problem.of(ProblemException.badRequest(detail)));
    }

    private static Response problemResponse(Problem problem) {
        return NoStore.apply(Response.status(problem.status()))
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    private static void copyAllow(WebApplicationException e, Response.ResponseBuilder builder) {
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            builder.header(HttpHeaders.ALLOW, allow);
        }
    }
}
