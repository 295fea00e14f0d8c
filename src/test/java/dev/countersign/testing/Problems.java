package dev.countersign.testing;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.response.ValidatableResponse;

/** The shape of a problem answer (RFC 9457) of our own APIs, as ADR 0003 gives it. */
public final class Problems {
    private Problems() {}

    /** The status, an {@code application/problem+json} body, and the same status in the body. */
    public static void assertProblem(ValidatableResponse r, int status) {
        r.statusCode(status).contentType(equalTo("application/problem+json")).body("status", equalTo(status));
    }

    /** A {@code 400} problem of type {@code invalid-input} that says what was wrong. */
    public static void assertInvalidInput(ValidatableResponse r) {
        assertProblem(r, 400);
        r.body("type", equalTo("/problems/invalid-input")).body("detail", notNullValue());
    }
}
