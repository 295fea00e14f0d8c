package dev.countersign.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON body of an OAuth error response (RFC 6749 §5.2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OAuthErrorBody(
        @JsonProperty("error") String error,
        @JsonProperty("error_description") String errorDescription) {}
