package dev.countersign.approval.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.countersign.ciba.PendingRequest;
import java.time.Instant;
import java.util.Locale;

/** A backchannel request as the user's app receives it: the public id, never the auth_req_id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RequestView(
        @JsonProperty("id") String id,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("client_name") String clientName,
        @JsonProperty("binding_message") String bindingMessage,
        @JsonProperty("scope") String scope,
        @JsonProperty("authorization_details") @JsonRawValue String authorizationDetails,
        @JsonProperty("status") String status,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("expires_at") Instant expiresAt) {

    static RequestView of(PendingRequest r) {
        return new RequestView(
                r.id(),
                r.clientId(),
                r.clientName(),
                r.bindingMessage().orElse(null),
                r.scope(),
                r.authorizationDetails().orElse(null),
                r.state().name().toLowerCase(Locale.ROOT),
                r.createdAt(),
                r.expiresAt());
    }
}
