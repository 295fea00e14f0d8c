package dev.countersign.runtime;

/** How a provider expects the user in a {@code login_hint} (CIBA Core 1.0 §7.1). */
public enum LoginHintFormat {
    /** The user's username, as is (the embedded provider, Keycloak). */
    username,
    /** The user's e-mail address, as is (Okta, Ping, and the embedded provider). */
    email,
    /** Auth0's JSON form: {@code {"format":"iss_sub","iss":"<issuer>","sub":"<user id>"}}. */
    iss_sub
}
