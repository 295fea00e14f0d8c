package dev.countersign.runtime.embedded;

import dev.countersign.ciba.RequestDecided;
import dev.countersign.runtime.RunScheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * The embedded provider's ping (CIBA Core 1.0 §10.2) without the HTTP: once a user's decision on a
 * request has committed, the run waiting on it is polled at once, on the runtime's own threads.
 * Decisions on other clients' requests are ignored.
 */
@ApplicationScoped
class DecisionPings {
    private final RunScheduler scheduler;
    private final RuntimeClient runtimeClient;

    DecisionPings(RunScheduler scheduler, RuntimeClient runtimeClient) {
        this.scheduler = scheduler;
        this.runtimeClient = runtimeClient;
    }

    void onDecided(@Observes(during = TransactionPhase.AFTER_SUCCESS) RequestDecided decided) {
        if (runtimeClient.isRuntime(decided.clientId())) {
            scheduler.wake(decided.authReqIdHash());
        }
    }
}
