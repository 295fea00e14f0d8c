package dev.countersign.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * A run as its agent sees it ({@code GET /v1/runs/{id}}). {@code token} is present once, in the
 * first answer after a {@code mode: token} run succeeded; {@code result} once the target answered.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(
        String id,
        String status,
        String reason,
        String action,
        String user,
        String mode,
        @JsonProperty("binding_message") String bindingMessage,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("finished_at") Instant finishedAt,
        TargetResult result,
        JsonNode token,
        Map<String, String> links) {

    /** What the target answered: its status, the headers the runtime passes on, and its body. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetResult(int status, Map<String, String> headers, String body) {}

    /** Whether the run can still change. */
    public boolean isFinal() {
        return !status.equals(RunStatus.AWAITING_APPROVAL.wire()) && !status.equals(RunStatus.EXECUTING.wire());
    }
}
