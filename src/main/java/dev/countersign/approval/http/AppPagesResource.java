package dev.countersign.approval.http;

import dev.countersign.account.Passkeys;
import dev.countersign.account.Sessions;
import dev.countersign.approval.RequestDisplay;
import dev.countersign.ciba.CibaDecisions;
import dev.countersign.ciba.PendingRequest;
import dev.countersign.ciba.RequestState;
import dev.countersign.common.http.NoStore;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The approval app's pages, rendered on the server (Qute escapes every value) with no inline script
 * or style. A page for a signed-in user without a live session sends the browser to the sign-in
 * page (303); a request that is not the user's is the same 404 page as one that does not exist.
 * Every page with user data is {@code Cache-Control: no-store}.
 */
@Path("/app")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class AppPagesResource {
    /** How many requests a page lists; one more is read to know whether there are more. */
    private static final int PAGE_LIMIT = 100;

    private static final URI SIGN_IN = URI.create("/app/signin");

    private final Sessions sessions;
    private final CibaDecisions decisions;
    private final Passkeys passkeys;
    private final Clock clock;
    private final Template signin;
    private final Template inbox;
    private final Template request;
    private final Template history;
    private final Template devices;
    private final Template passkeysPage;
    private final Template notFound;
    private final RequestDisplay display;

    public AppPagesResource(
            Sessions sessions,
            CibaDecisions decisions,
            Passkeys passkeys,
            Clock clock,
            RequestDisplay display,
            @Location("app/signin.html") Template signin,
            @Location("app/inbox.html") Template inbox,
            @Location("app/request.html") Template request,
            @Location("app/history.html") Template history,
            @Location("app/devices.html") Template devices,
            @Location("app/passkeys.html") Template passkeysPage,
            @Location("app/not-found.html") Template notFound) {
        this.sessions = sessions;
        this.decisions = decisions;
        this.passkeys = passkeys;
        this.clock = clock;
        this.display = display;
        this.signin = signin;
        this.inbox = inbox;
        this.request = request;
        this.history = history;
        this.devices = devices;
        this.passkeysPage = passkeysPage;
        this.notFound = notFound;
    }

    @GET
    @Path("signin")
    public Response signIn() {
        return page(signin.instance());
    }

    @GET
    public Response inbox(@CookieParam(SessionCookie.NAME) String session) {
        return signedIn(session, sub -> {
            Instant now = clock.instant();
            List<PendingRequest> pending = decisions.requestsOf(sub, RequestState.PENDING, PAGE_LIMIT + 1);
            return page(inbox.data("requests", pageOf(pending.stream(), now))
                    .data("more", pending.size() > PAGE_LIMIT)
                    .data("limit", PAGE_LIMIT)
                    .data("offerPasskey", passkeys.listOf(sub).isEmpty()));
        });
    }

    @GET
    @Path("requests/{id}")
    public Response request(@CookieParam(SessionCookie.NAME) String session, @PathParam("id") String id) {
        return signedIn(
                session,
                sub -> decisions
                        .requestOf(sub, id)
                        .map(r -> page(request.data("r", RequestPage.of(r, display.render(r), clock.instant()))))
                        .orElseGet(() -> notFound("This request does not exist, or it is not yours.")));
    }

    @GET
    @Path("history")
    public Response history(@CookieParam(SessionCookie.NAME) String session) {
        return signedIn(session, sub -> {
            Instant now = clock.instant();
            // The newest PAGE_LIMIT of the union are among the newest PAGE_LIMIT + 1 of each state.
            List<PendingRequest> decided = Stream.of(
                            RequestState.APPROVED, RequestState.ISSUED, RequestState.DENIED, RequestState.EXPIRED)
                    .flatMap(state -> decisions.requestsOf(sub, state, PAGE_LIMIT + 1).stream())
                    .sorted(Comparator.comparing(PendingRequest::createdAt).reversed())
                    .toList();
            return page(history.data("requests", pageOf(decided.stream(), now))
                    .data("more", decided.size() > PAGE_LIMIT)
                    .data("limit", PAGE_LIMIT));
        });
    }

    @GET
    @Path("devices")
    public Response devices(@CookieParam(SessionCookie.NAME) String session) {
        return signedIn(session, sub -> page(devices.instance()));
    }

    @GET
    @Path("passkeys")
    public Response passkeys(@CookieParam(SessionCookie.NAME) String session) {
        return signedIn(
                session,
                sub -> page(passkeysPage.data(
                        "passkeys",
                        passkeys.listOf(sub).stream()
                                .map(PasskeysResource.PasskeyView::of)
                                .toList())));
    }

    private static List<RequestPage> pageOf(Stream<PendingRequest> newestFirst, Instant now) {
        return newestFirst.limit(PAGE_LIMIT).map(r -> RequestPage.of(r, now)).toList();
    }

    private Response signedIn(String session, Function<String, Response> render) {
        Optional<String> sub = sessions.userOf(session);
        if (sub.isEmpty()) {
            return NoStore.apply(Response.seeOther(SIGN_IN)).build();
        }
        return render.apply(sub.get());
    }

    private Response notFound(String message) {
        return NoStore.apply(Response.status(404).entity(notFound.data("message", message)))
                .type(MediaType.TEXT_HTML_TYPE)
                .build();
    }

    private static Response page(TemplateInstance page) {
        return NoStore.apply(Response.ok(page)).type(MediaType.TEXT_HTML_TYPE).build();
    }
}
