package dev.countersign.approval.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.countersign.approval.DisplayedRequest;
import dev.countersign.ciba.PendingRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A backchannel request as the user's app receives it: the public id, never the auth_req_id, and
 * never the raw {@code authorization_details}: {@code display} says what is being approved, in
 * HTML-escaped sentences.
 *
 * @param numberChoices number matching: pick one of these on approve; absent when off
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RequestView(
        @JsonProperty("id") String id,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("client_name") String clientName,
        @JsonProperty("binding_message") String bindingMessage,
        @JsonProperty("scope") String scope,
        @JsonProperty("status") String status,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("number_choices") List<Integer> numberChoices,
        @JsonProperty("display") Display display) {

    /** The rendered request ({@link DisplayedRequest}) on the wire. */
    record Display(
            @JsonProperty("sentences") List<String> sentences,
            @JsonProperty("scopes") List<String> scopes,
            @JsonProperty("high_risk") boolean highRisk,
            @JsonProperty("display_hash") String displayHash) {}

    /**
     * Without {@code display}: kept so that callers written before it compile. Prefer {@link
     * #of(PendingRequest, DisplayedRequest)} with {@code RequestDisplay.render}.
     */
    @Deprecated
    static RequestView of(PendingRequest r) {
        RequestView v = of(r, new DisplayedRequest(List.of(), List.of(), false, ""));
        return new RequestView(
                v.id(),
                v.clientId(),
                v.clientName(),
                v.bindingMessage(),
                v.scope(),
                v.status(),
                v.createdAt(),
                v.expiresAt(),
                v.numberChoices(),
                null);
    }

    static RequestView of(PendingRequest r, DisplayedRequest shown) {
        return new RequestView(
                r.id(),
                r.clientId(),
                r.clientName(),
                r.bindingMessage().orElse(null),
                r.scope(),
                r.state().name().toLowerCase(Locale.ROOT),
                r.createdAt(),
                r.expiresAt(),
                r.numberChoices().isEmpty() ? null : r.numberChoices(),
                new Display(shown.sentences(), shown.scopes(), shown.highRisk(), shown.displayHash()));
    }
}
