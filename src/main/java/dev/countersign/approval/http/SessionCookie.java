package dev.countersign.approval.http;

import dev.countersign.account.AccountConfig;
import dev.countersign.common.ServiceConfig;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.NewCookie;

/**
 * The session cookie: {@code HttpOnly} (no script reads it), {@code SameSite=Strict} (no other site
 * sends it), {@code Path=/}, and {@code Secure} whenever the issuer is https (RFC 6265 §4.1.2).
 */
@Singleton
public class SessionCookie {
    public static final String NAME = "countersign_session";

    private final boolean secure;
    private final int maxAgeSeconds;

    public SessionCookie(ServiceConfig service, AccountConfig account) {
        this.secure = "https".equalsIgnoreCase(service.issuer().getScheme());
        this.maxAgeSeconds =
                (int) Math.min(Integer.MAX_VALUE, account.sessionLifetime().toSeconds());
    }

    public NewCookie of(String sessionId) {
        return build(sessionId, maxAgeSeconds);
    }

    /** A cookie that makes the browser forget the session. */
    public NewCookie cleared() {
        return build("", 0);
    }

    private NewCookie build(String value, int maxAge) {
        return new NewCookie.Builder(NAME)
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(maxAge)
                .build();
    }
}
