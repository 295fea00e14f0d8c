package dev.countersign.runtime.http;

import dev.countersign.common.http.NoStore;
import dev.countersign.runtime.WebhookSecrets;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The calling agent's webhook secret, with which it verifies the {@code X-Countersign-Signature} of
 * the webhooks its runs send to their {@code callback_url}. Any credential of the agent reads it
 * (an API key's answer shows it too); never cached.
 */
@Path("/v1/webhook-secret")
@AgentOnly
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class WebhookSecretResource {
    private final WebhookSecrets secrets;
    private final CallingAgent agent;

    public WebhookSecretResource(WebhookSecrets secrets, CallingAgent agent) {
        this.secrets = secrets;
        this.agent = agent;
    }

    @GET
    public Response read() {
        return NoStore.apply(Response.ok(Map.of("webhook_secret", secrets.of(agent.name()))))
                .build();
    }
}
