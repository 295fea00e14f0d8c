package dev.countersign.ciba;

import dev.countersign.common.OAuthException;
import java.util.regex.Pattern;

/**
 * The {@code client_notification_token} of CIBA Core 1.0 §7.1: "a bearer token provided by the
 * Client that will be used by the OpenID Provider to authenticate the callback request to the
 * Client. The length of the token MUST NOT exceed 1024 characters and it MUST conform to the syntax
 * for Bearer credentials as defined in Section 2.1 of [RFC6750]." It is a secret: never logged,
 * never audited, stored only sealed.
 */
public final class ClientNotificationToken {
    /** CIBA Core 1.0 §7.1: "MUST NOT exceed 1024 characters". */
    public static final int MAX_LENGTH = 1024;
    /** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private final String value;

    private ClientNotificationToken(String value) {
        this.value = value;
    }

    /** The token, or {@code invalid_request} when it is too long or not an RFC 6750 b64token. */
    public static ClientNotificationToken parse(String raw) {
        if (raw.length() > MAX_LENGTH) {
            throw OAuthException.invalidRequest(
                    "client_notification_token must not be longer than " + MAX_LENGTH + " characters");
        }
        if (!B64TOKEN.matcher(raw).matches()) {
            throw OAuthException.invalidRequest(
                    "client_notification_token must use the bearer token characters of RFC 6750 §2.1");
        }
        return new ClientNotificationToken(raw);
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "ClientNotificationToken[redacted]";
    }
}
