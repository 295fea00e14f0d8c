package dev.countersign.approval.http;

import dev.countersign.account.Sessions;
import dev.countersign.common.CallerContext;
import dev.countersign.common.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates the user of every {@link UserSession} resource from the session cookie, and on
 * unsafe methods (RFC 9110 §9.2.1) requires the synchronizer token in {@code X-CSRF-Token} (OWASP
 * CSRF Prevention) besides the {@code SameSite=Strict} cookie.
 */
public class UserSessionFilter {
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Sessions sessions;
    private final CallerContext caller;

    public UserSessionFilter(Sessions sessions, CallerContext caller) {
        this.sessions = sessions;
        this.caller = caller;
    }

    @UserSession
    @ServerRequestFilter
    public void authenticate(ContainerRequestContext context) {
        Cookie cookie = context.getCookies().get(SessionCookie.NAME);
        String sessionId = cookie == null ? null : cookie.getValue();
        String sub = sessions.userOf(sessionId)
                .orElseThrow(() -> ProblemException.unauthorized("sign in first: the session is missing or expired"));
        caller.userKnown(sub);
        if (UNSAFE.contains(context.getMethod())
                && !sessions.csrfMatches(sessionId, context.getHeaderString(CSRF_HEADER))) {
            throw ProblemException.forbidden("the " + CSRF_HEADER + " header is missing or does not match the session");
        }
    }
}
