package dev.countersign.approval;

import dev.countersign.approval.store.NotificationJobRepository;
import dev.countersign.common.BackgroundJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every second on every instance: hands due notification jobs (retries, and first attempts left
 * behind by a stopped instance once their lease passed) to the {@link NotificationDispatcher},
 * whose claim lets one attempt run at a time. Once an hour, finished jobs older than a day go.
 */
@ApplicationScoped
public class NotificationScheduler {
    private static final int BATCH = 50;
    private static final Duration KEEP_FINISHED = Duration.ofDays(1);

    private final NotificationJobRepository jobs;
    private final NotificationDispatcher dispatcher;
    private final Clock clock;

    NotificationScheduler(NotificationJobRepository jobs, NotificationDispatcher dispatcher, Clock clock) {
        this.jobs = jobs;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** Submits the jobs due now. */
    @BackgroundJob
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void runOnce() {
        Instant now = clock.instant();
        List<String> due = QuarkusTransaction.requiringNew().call(() -> jobs.findDue(now, BATCH));
        due.forEach(dispatcher::submit);
    }

    @BackgroundJob
    @Scheduled(
            every = "1h",
            delay = 5,
            delayUnit = TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteOldJobs() {
        QuarkusTransaction.requiringNew()
                .run(() -> jobs.deleteFinishedBefore(clock.instant().minus(KEEP_FINISHED)));
    }
}
