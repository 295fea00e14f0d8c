package dev.countersign.runtime;

import dev.countersign.common.BackgroundJob;
import dev.countersign.common.WorkerThreads;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every second on every instance (when the runtime is on): fails executions that an instance
 * abandoned (lease lapsed) as {@code outcome_unknown}, fails runs the provider never acknowledged,
 * and hands due runs to a small pool of threads, where {@link RunProgress} claims each with a lease
 * so that exactly one instance polls it. State lives in the database, so waiting survives restarts.
 * Wake-ups ({@link #wake}) go through the same pool, so a user's approval never waits for a target.
 * A graceful shutdown waits (bounded) for the steps under way.
 */
@ApplicationScoped
public class RunScheduler {
    private static final Logger LOG = Logger.getLogger(RunScheduler.class);
    private static final int QUEUE = 2000;
    private static final Duration UNSTARTED_AFTER = Duration.ofMinutes(2);

    private final RunProgress progress;
    private final dev.countersign.runtime.store.RunRepository runs;
    private final RunWatchers watchers;
    private final RuntimeConfig config;
    private final Clock clock;
    /** Runs handed to the pool and not yet done, so that a backlog is not handed over twice. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    private final ThreadPoolExecutor pool;

    public RunScheduler(
            RunProgress progress,
            dev.countersign.runtime.store.RunRepository runs,
            RunWatchers watchers,
            RuntimeConfig config,
            Clock clock) {
        this.progress = progress;
        this.runs = runs;
        this.watchers = watchers;
        this.config = config;
        this.clock = clock;
        this.pool = new ThreadPoolExecutor(
                config.pollThreads(),
                config.pollThreads(),
                1,
                TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(QUEUE),
                new WorkerThreads("countersign-runs"));
    }

    @BackgroundJob
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.enabled()) {
            return;
        }
        Instant now = clock.instant();
        int batch = config.pollBatchSize();
        QuarkusTransaction.requiringNew()
                .call(() -> runs.findAbandonedExecutions(now, batch))
                .forEach(progress::failAbandoned);
        QuarkusTransaction.requiringNew()
                .call(() -> runs.findUnstarted(now.minus(UNSTARTED_AFTER), batch))
                .forEach(progress::failUnstarted);
        // As many due runs as the pool's queue has room for, up to the batch, skipping those already
        // handed over: the pool, not the tick, sets the pace of polls.
        int room = Math.min(batch, pool.getQueue().remainingCapacity());
        if (room > 0) {
            int skip = inFlight.size();
            List<String> due = QuarkusTransaction.requiringNew().call(() -> runs.findDue(now, room + skip));
            due.stream()
                    .filter(inFlight::add)
                    .limit(room)
                    .forEach(id -> submit(() -> progress.pollIfDue(id), () -> inFlight.remove(id)));
        }
        watchers.tick();
    }

    /** The user decided the request with this {@code auth_req_id} hash: poll its run now. */
    public void wake(String authReqIdHash) {
        if (config.enabled()) {
            submit(() -> progress.wake(authReqIdHash), () -> {});
        }
    }

    private void submit(Runnable task, Runnable done) {
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warnf("A run step did not complete (the scheduler retries): %s", e.toString());
                } finally {
                    done.run();
                }
            });
        } catch (RejectedExecutionException e) {
            done.run();
            LOG.debugf("Run step left to the next tick: %s", e.getMessage());
        }
    }

    /**
     * A graceful shutdown (SIGTERM) lets the steps under way finish, for at most {@code
     * shutdown-grace}, so that a call to a target in flight is recorded with its answer instead of
     * being failed as {@code outcome_unknown} later; queued steps are dropped (their runs stay due in
     * the database). Observed before other shutdown work, while the database is still open.
     */
    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        pool.shutdown();
        pool.getQueue().clear();
        int active = pool.getActiveCount();
        if (active == 0) {
            return;
        }
        Duration grace = config.shutdownGrace();
        LOG.infof("Stopping: waiting up to %s for %d run step(s) under way", grace, active);
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Stopped with run steps under way: a call left in flight will fail as outcome_unknown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
