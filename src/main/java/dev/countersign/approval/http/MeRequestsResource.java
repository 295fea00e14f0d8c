package dev.countersign.approval.http;

import dev.countersign.ciba.CibaDecisions;
import dev.countersign.ciba.CibaDecisions.Decision;
import dev.countersign.ciba.RequestState;
import dev.countersign.common.CallerContext;
import dev.countersign.common.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The signed-in user's backchannel requests and their decisions: the stable API the approval app is
 * built on. Reaches the provider only through the {@link CibaDecisions} port.
 */
@Path("/api/me/requests")
@UserSession
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class MeRequestsResource {
    private final CibaDecisions decisions;
    private final CallerContext caller;

    public MeRequestsResource(CibaDecisions decisions, CallerContext caller) {
        this.decisions = decisions;
        this.caller = caller;
    }

    @GET
    public List<RequestView> list(@QueryParam("status") @DefaultValue("pending") String status) {
        return decisions.requestsOf(caller.userSub(), state(status)).stream()
                .map(RequestView::of)
                .toList();
    }

    @GET
    @Path("{id}")
    public RequestView one(@PathParam("id") String id) {
        return decisions
                .requestOf(caller.userSub(), id)
                .map(RequestView::of)
                .orElseThrow(() -> ProblemException.notFound("no such request"));
    }

    @POST
    @Path("{id}/approve")
    public Response approve(@PathParam("id") String id) {
        return answer(decisions.approve(caller.userSub(), id));
    }

    @POST
    @Path("{id}/deny")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response deny(@PathParam("id") String id, @Valid DenyBody body) {
        Optional<String> reason = Optional.ofNullable(body).map(DenyBody::reason).filter(r -> !r.isBlank());
        return answer(decisions.deny(caller.userSub(), id, reason));
    }

    private static Response answer(Decision decision) {
        return switch (decision) {
            case DECIDED -> Response.noContent().build();
            case NOT_FOUND -> throw ProblemException.notFound("no such request");
            case ALREADY_DECIDED -> throw ProblemException.conflict("the request has already been decided");
            case EXPIRED -> throw ProblemException.gone("the request has expired");
        };
    }

    private static RequestState state(String status) {
        return Arrays.stream(RequestState.values())
                .filter(s -> s.name().toLowerCase(Locale.ROOT).equals(status))
                .findFirst()
                .orElseThrow(() -> ProblemException.badRequest(
                        "status must be one of pending, approved, denied, issued, expired"));
    }
}
