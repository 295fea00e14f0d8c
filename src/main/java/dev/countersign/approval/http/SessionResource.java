package dev.countersign.approval.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.countersign.account.Sessions;
import dev.countersign.account.SignedIn;
import dev.countersign.common.JsonBody;
import dev.countersign.common.http.NoStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/**
 * The user's sign-in session for the approval app: {@code POST} signs in with a password and sets
 * a fresh session cookie (never reusing a presented one: OWASP session fixation), {@code DELETE}
 * signs out. Wrong credentials are 401, a locked account 423.
 */
@Path("/api/me/session")
public class SessionResource {
    private static final Set<String> MEMBERS = Set.of("username", "password");

    private final Sessions sessions;
    private final SessionCookie cookie;

    public SessionResource(Sessions sessions, SessionCookie cookie) {
        this.sessions = sessions;
        this.cookie = cookie;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response signIn(byte[] body, @CookieParam(SessionCookie.NAME) String previous) {
        JsonBody json = JsonBody.parse(body, MEMBERS);
        String username = json.requiredString("username");
        String password = json.requiredString("password");
        SignedIn signedIn = sessions.signIn(username, password);
        if (previous != null) {
            sessions.signOut(previous);
        }
        return NoStore.apply(Response.ok(new SignInResponse(signedIn.csrfToken())))
                .cookie(cookie.of(signedIn.sessionId()))
                .build();
    }

    @DELETE
    @UserSession
    public Response signOut(@CookieParam(SessionCookie.NAME) String sessionId) {
        sessions.signOut(sessionId);
        return NoStore.apply(Response.noContent()).cookie(cookie.cleared()).build();
    }

    /** The answer to a sign-in: the token to echo in {@code X-CSRF-Token}. */
    public record SignInResponse(@JsonProperty("csrf_token") String csrfToken) {}
}
