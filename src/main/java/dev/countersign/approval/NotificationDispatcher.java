package dev.countersign.approval;

import dev.countersign.approval.NotificationAttempts.Claimed;
import dev.countersign.common.WorkerThreads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    private final Event<FirstAttempts> stored;
    private final ExecutorService pool =
            Executors.newFixedThreadPool(THREADS, new WorkerThreads("countersign-notification"));

    NotificationDispatcher(NotificationAttempts attempts, Event<FirstAttempts> stored) {
        this.attempts = attempts;
        this.stored = stored;
    }

    /**
     * The jobs were just stored, claimed, in the current transaction: their attempts are prepared on
     * the pool now (encryption overlaps the commit) and made once the transaction has committed, and
     * on H2 reached the file (the group commit's wait comes first). After a rollback nothing is sent.
     */
    void afterCommit(List<Claimed> first) {
        stored.fire(new FirstAttempts(first.stream()
                .map(claimed -> new FirstAttempt(claimed, prepare(claimed)))
                .toList()));
    }

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) FirstAttempts first) {
        for (FirstAttempt attempt : first.attempts()) {
            run(attempt.claimed().jobId(), () -> attempts.attempt(attempt.claimed(), attempt.prepared()));
        }
    }

    /** Attempts the job on the pool if it can be claimed. */
    public void submit(String jobId) {
        run(jobId, () -> attempts.attempt(jobId));
    }

    private CompletableFuture<NotificationChannel.Ready> prepare(Claimed claimed) {
        try {
            return CompletableFuture.supplyAsync(() -> claimed.channel().prepare(claimed.outgoing()), pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs the work on the pool; what the pool refuses (shutting down) the scheduler picks up later. */
    private void run(String what, Runnable work) {
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

    /** A first attempt whose preparation has started. */
    record FirstAttempt(Claimed claimed, CompletableFuture<NotificationChannel.Ready> prepared) {}

    /** The first attempts of the jobs stored in one transaction. */
    record FirstAttempts(List<FirstAttempt> attempts) {}
}
