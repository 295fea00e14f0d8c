package dev.countersign.common;

/**
 * An error of the product APIs (admin, {@code /api/me}), answered as RFC 9457
 * {@code application/problem+json}. See ADR 0003.
 */
public final class ProblemException extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;

    private ProblemException(int status, String type, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "invalid-input", "The request is not valid", detail);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthenticated", "Authentication is required", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Not allowed", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "The resource is not in a state that allows this", detail);
    }

    public static ProblemException gone(String detail) {
        return new ProblemException(410, "gone", "The resource is no longer available", detail);
    }

    public static ProblemException locked(String detail) {
        return new ProblemException(423, "locked", "The account is temporarily locked", detail);
    }

    public static ProblemException tooManyRequests(String detail) {
        return new ProblemException(429, "too-many-requests", "Too many requests", detail);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }
}
