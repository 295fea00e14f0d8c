package dev.countersign.approval.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.account.Passkeys;
import dev.countersign.account.Sessions;
import dev.countersign.account.SignInThrottle;
import dev.countersign.account.SignedIn;
import dev.countersign.common.JsonBody;
import dev.countersign.common.Problem;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.NoStore;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The user's sign-in session for the approval app: {@code POST} signs in with a password,
 * {@code POST passkey} with a passkey (after {@code POST passkey-options}), and both set a fresh
 * session cookie (never reusing a presented one: OWASP session fixation); {@code DELETE} signs out.
 * Wrong credentials are 401, a locked account 423, and a client address with too many wrong
 * passwords 429 with {@code Retry-After} (RFC 6585 §4).
 */
@Path("/api/me/session")
@Blocking
public class SessionResource {
    private static final Set<String> MEMBERS = Set.of("username", "password");

    private final Sessions sessions;
    private final SignInThrottle throttle;
    private final Passkeys passkeys;
    private final PasskeyCeremony ceremony;
    private final SessionCookie cookie;

    public SessionResource(
            Sessions sessions,
            SignInThrottle throttle,
            Passkeys passkeys,
            PasskeyCeremony ceremony,
            SessionCookie cookie) {
        this.sessions = sessions;
        this.throttle = throttle;
        this.passkeys = passkeys;
        this.ceremony = ceremony;
        this.cookie = cookie;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response signIn(byte[] body, @CookieParam(SessionCookie.NAME) String previous, HttpServerRequest request) {
        JsonBody json = JsonBody.parse(body, MEMBERS);
        String username = json.requiredString("username");
        String password = json.requiredString("password");
        String address =
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        Optional<Duration> wait = throttle.retryAfter(address);
        if (wait.isPresent()) {
            return throttled(wait.get());
        }
        SignedIn signedIn;
        try {
            signedIn = sessions.signIn(username, password);
        } catch (ProblemException e) {
            if (e.status() == 401 || e.status() == 423) {
                throttle.recordFailure(address);
            }
            throw e;
        }
        return opened(signedIn, previous);
    }

    /** Starts a passkey sign-in: {@code PublicKeyCredentialRequestOptions} for {@code navigator.credentials.get}. */
    @POST
    @Path("passkey-options")
    @Produces(MediaType.APPLICATION_JSON)
    public Response passkeyOptions(RoutingContext ctx) {
        return NoStore.apply(Response.ok(ceremony.signInOptions(ctx))).build();
    }

    /** Finishes a passkey sign-in: the body is the browser's {@code PublicKeyCredential} as JSON. */
    @POST
    @Path("passkey")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response signInWithPasskey(
            byte[] body, @CookieParam(SessionCookie.NAME) String previous, RoutingContext ctx) {
        JsonNode credential = JsonBody.readTree(body);
        if (credential == null || !credential.isObject()) {
            throw ProblemException.badRequest("the body must be the passkey's PublicKeyCredential as a JSON object");
        }
        var verified = ceremony.verifyAssertion(credential, ctx);
        String sub = passkeys.recordUse(verified.getCredentialID(), PasskeyCeremony.signCount(credential));
        return opened(sessions.signInWithPasskey(sub), previous);
    }

    @DELETE
    @UserSession
    public Response signOut(@CookieParam(SessionCookie.NAME) String sessionId) {
        sessions.signOut(sessionId);
        return NoStore.apply(Response.noContent()).cookie(cookie.cleared()).build();
    }

    private Response opened(SignedIn signedIn, String previous) {
        if (previous != null) {
            sessions.signOut(previous);
        }
        return NoStore.apply(Response.ok(new SignInResponse(signedIn.csrfToken())))
                .cookie(cookie.of(signedIn.sessionId()))
                .build();
    }

    private static Response throttled(Duration wait) {
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        Problem problem = Problem.of(ProblemException.tooManyRequests(
                "too many wrong passwords from this network: try again in " + seconds + " seconds"));
        return NoStore.apply(Response.status(429).type(Problem.MEDIA_TYPE).entity(problem))
                .header("Retry-After", seconds)
                .build();
    }

    /** The answer to a sign-in: the token to echo in {@code X-CSRF-Token}. */
    public record SignInResponse(@JsonProperty("csrf_token") String csrfToken) {}
}
