package dev.countersign.ciba.delivery;

import dev.countersign.common.WorkerThreads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Runs delivery attempts on a small pool of its own threads, so neither the user's approval nor the
 * scheduler waits for a client's endpoint. A job is attempted as soon as the transaction that stored
 * it has committed (never before: a notification is never sent for a decision that did not happen);
 * whatever this pool does not finish, the scheduler retries.
 */
@ApplicationScoped
public class DeliveryDispatcher {
    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final int THREADS = 4;

    private final DeliveryAttempts attempts;
    private final ExecutorService pool =
            Executors.newFixedThreadPool(THREADS, new WorkerThreads("countersign-delivery"));

    DeliveryDispatcher(DeliveryAttempts attempts) {
        this.attempts = attempts;
    }

    void onScheduled(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveryScheduled scheduled) {
        DeliveryAttempts.Claimed first = scheduled.firstAttempt();
        run(first.jobId(), () -> attempts.attempt(first));
    }

    /** Attempts the job on the pool if it can be claimed; one the pool cannot take waits for the scheduler. */
    public void submit(String jobId) {
        run(jobId, () -> attempts.attempt(jobId));
    }

    private void run(String jobId, Runnable attempt) {
        try {
            pool.execute(() -> {
                try {
                    attempt.run();
                } catch (RuntimeException e) {
                    LOG.warnf("Delivery %s attempt did not complete: %s", jobId, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debugf("Delivery %s left to the scheduler: %s", jobId, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }
}
