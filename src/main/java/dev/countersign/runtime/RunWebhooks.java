package dev.countersign.runtime;

import dev.countersign.runtime.store.RunWebhookRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Records that a run's final status is to be announced to its {@code callback_url}: called inside
 * the transaction of the one conditional update that made the run final, so the announcement is
 * stored exactly when the status is, and at most once per run (the run id is the row's key).
 * {@link RunWebhookDelivery} sends it.
 */
@ApplicationScoped
public class RunWebhooks {
    private final RunWebhookRepository webhooks;

    public RunWebhooks(RunWebhookRepository webhooks) {
        this.webhooks = webhooks;
    }

    /** Stores the run's webhook, due now, if the run has a callback URL. */
    void finalStatusReached(String runId, String callbackUrl, Instant now) {
        if (callbackUrl != null) {
            webhooks.enqueue(runId, now);
        }
    }
}
