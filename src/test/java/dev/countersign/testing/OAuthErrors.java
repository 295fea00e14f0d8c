package dev.countersign.testing;

import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;

/** The shape of an OAuth error answer (RFC 6749 §5.2) that the protocol endpoint tests check. */
public final class OAuthErrors {
    private OAuthErrors() {}

    /**
     * RFC 6749 §5.2: the status, a JSON body whose {@code error} is {@code error}, and §5.1's
     * {@code Cache-Control: no-store}.
     */
    public static void assertOAuthError(Response r, int status, String error) {
        r.then()
                .statusCode(status)
                .contentType(equalTo("application/json"))
                .header("Cache-Control", "no-store")
                .body("error", equalTo(error));
    }
}
