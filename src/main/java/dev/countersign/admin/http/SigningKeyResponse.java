package dev.countersign.admin.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.countersign.provider.SigningKeyState;
import java.time.Instant;

/**
 * A signing key as the operator sees it: never any key material, only its id, algorithm, rotation
 * status and the instants that govern it (ISO 8601).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SigningKeyResponse(
        @JsonProperty("kid") String kid,
        @JsonProperty("alg") String alg,
        @JsonProperty("status") String status,
        @JsonProperty("activates_at") String activatesAt,
        @JsonProperty("published_until") String publishedUntil,
        @JsonProperty("published") boolean published) {

    static SigningKeyResponse of(SigningKeyState state) {
        return new SigningKeyResponse(
                state.kid(),
                state.alg().name(),
                state.status().wire(),
                state.activatesAt().toString(),
                state.publishedUntil().map(Instant::toString).orElse(null),
                state.published());
    }
}
