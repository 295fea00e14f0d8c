package dev.countersign.approval;

import dev.countersign.approval.NotificationAttempts.Claimed;
import dev.countersign.common.WorkerThreads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Runs notification attempts on a small pool of its own threads, so neither the agent's
 * {@code bc-authorize} nor the scheduler waits for a push service; whatever this pool does not
 * finish, the scheduler retries once the claim's lease has passed.
 */
@ApplicationScoped
public class NotificationDispatcher {
    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);
    private static final int THREADS = 8;

    private final NotificationAttempts attempts;
    private final ExecutorService pool =
            Executors.newFixedThreadPool(THREADS, new WorkerThreads("countersign-notification"));

    NotificationDispatcher(NotificationAttempts attempts) {
        this.attempts = attempts;
    }

    /** Makes the first attempt of a job stored already claimed, on the pool. */
    void attempt(Claimed first) {
        run(first.jobId(), () -> attempts.attempt(first));
    }

    /** Makes the first attempt of a job stored already claimed, on the calling pool thread. */
    void attemptHere(Claimed first) {
        attempts.attempt(first);
    }

    /** Attempts the job on the pool if it can be claimed. */
    public void submit(String jobId) {
        run(jobId, () -> attempts.attempt(jobId));
    }

    /** Runs the work on the pool; what the pool refuses (shutting down) the scheduler picks up later. */
    void run(String what, Runnable work) {
        try {
            pool.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warnf("Notification work for %s did not complete: %s", what, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debugf("Notification work for %s left to the scheduler: %s", what, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }
}
