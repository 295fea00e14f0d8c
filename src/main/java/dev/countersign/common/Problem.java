package dev.countersign.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem details body. {@code type} is a relative URI naming the problem kind,
 * documented in docs/api.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String correlation_id) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemException e) {
        return new Problem("/problems/" + e.type(), e.title(), e.status(), e.detail(), null);
    }
}
