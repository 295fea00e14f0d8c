package dev.countersign.runtime.oidcclient;

import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcRequestFilter;
import io.quarkus.oidc.common.OidcResponseFilter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets {@link OidcCibaClient} see the whole answer to a CIBA token request that OidcClient made.
 * OidcClient reports an error answer only as an {@code OidcClientException} carrying the body, so
 * the HTTP status and the {@code Retry-After} header of a {@code slow_down} or a 503 would be lost.
 * These OidcClient filters (token endpoint only) note the {@code auth_req_id} of the outgoing
 * CIBA token request and record its answer for the poll that is {@link #expect waiting} for it;
 * answers nobody waits for (other clients, other grants) are not kept.
 */
@ApplicationScoped
@OidcEndpoint(OidcEndpoint.Type.TOKEN)
public class TokenAnswers implements OidcRequestFilter, OidcResponseFilter {
    static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";
    private static final String AUTH_REQ_ID = "countersign.auth_req_id";

    private final Map<String, Slot> waiting = new ConcurrentHashMap<>();

    /** A place for the answer to the token request for one {@code auth_req_id}. */
    final class Slot implements AutoCloseable {
        private final String authReqId;
        private volatile ProviderAnswer answer;

        private Slot(String authReqId) {
            this.authReqId = authReqId;
        }

        Optional<ProviderAnswer> answer() {
            return Optional.ofNullable(answer);
        }

        @Override
        public void close() {
            waiting.remove(authReqId, this);
        }
    }

    /** Opens the slot for the next answer about {@code authReqId}; close it when done. */
    Slot expect(String authReqId) {
        Slot slot = new Slot(authReqId);
        waiting.put(authReqId, slot);
        return slot;
    }

    @Override
    public void filter(OidcRequestContext context) {
        if (waiting.isEmpty() || context.requestBody() == null) {
            return;
        }
        FormParameters form;
        try {
            form = FormParameters.parse(context.requestBody().getBytes());
        } catch (OAuthException notOurs) {
            return;
        }
        if (form.get("grant_type").filter(CIBA_GRANT::equals).isPresent()) {
            form.get("auth_req_id").ifPresent(id -> context.contextProperties().put(AUTH_REQ_ID, id));
        }
    }

    @Override
    public void filter(OidcResponseContext context) {
        String authReqId = context.requestProperties().getString(AUTH_REQ_ID);
        Slot slot = authReqId == null ? null : waiting.get(authReqId);
        if (slot != null) {
            String body =
                    context.responseBody() == null ? "" : context.responseBody().toString(StandardCharsets.UTF_8);
            slot.answer = new ProviderAnswer(
                    context.statusCode(),
                    Optional.ofNullable(context.responseHeaders().get("Retry-After")),
                    body);
        }
    }
}
