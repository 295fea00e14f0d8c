package dev.countersign.approval;

import dev.countersign.approval.NotificationAttempts.Claimed;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs notification attempts on a small pool of its own threads, so neither the agent's
 * {@code bc-authorize} nor the scheduler waits for a push service; whatever this pool does not
 * finish, the scheduler retries once the claim's lease has passed.
 */
@ApplicationScoped
public class NotificationDispatcher {
    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);
    private static final int THREADS = 4;

    private final NotificationAttempts attempts;
    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, task -> {
        Thread thread = new Thread(task, "countersign-notification-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    NotificationDispatcher(NotificationAttempts attempts) {
        this.attempts = attempts;
    }

    /** Makes the first attempt of a job stored already claimed. */
    void attempt(Claimed first) {
        run(first.jobId(), () -> attempts.attempt(first));
    }

    /** Attempts the job on the pool if it can be claimed. */
    public void submit(String jobId) {
        run(jobId, () -> attempts.attempt(jobId));
    }

    private void run(String jobId, Runnable attempt) {
        try {
            pool.execute(() -> {
                try {
                    attempt.run();
                } catch (RuntimeException e) {
                    LOG.warnf("Notification %s attempt did not complete: %s", jobId, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debugf("Notification %s left to the scheduler: %s", jobId, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }
}
