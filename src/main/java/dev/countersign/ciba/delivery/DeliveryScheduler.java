package dev.countersign.ciba.delivery;

import dev.countersign.ciba.CibaConfig;
import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.ciba.store.DeliveryJobRepository;
import dev.countersign.common.BackgroundJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every second on every instance: tells ping and push clients about requests that expired undecided
 * (one conditional {@code PENDING → EXPIRED} update per request, so one instance wins and creates
 * the notification), and hands due delivery jobs to the {@link DeliveryDispatcher}, whose claim
 * lets one attempt run at a time. Jobs left behind by a stopped instance are due again once their
 * lease has passed. Once an hour, finished jobs older than {@code countersign.ciba.retention} go.
 */
@ApplicationScoped
public class DeliveryScheduler {
    private static final int BATCH = 50;

    private final BackchannelRequestRepository requests;
    private final DeliveryJobRepository jobs;
    private final DeliveryJobs deliveries;
    private final DeliveryDispatcher dispatcher;
    private final CibaConfig config;
    private final Clock clock;

    DeliveryScheduler(
            BackchannelRequestRepository requests,
            DeliveryJobRepository jobs,
            DeliveryJobs deliveries,
            DeliveryDispatcher dispatcher,
            CibaConfig config,
            Clock clock) {
        this.requests = requests;
        this.jobs = jobs;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.config = config;
        this.clock = clock;
    }

    @BackgroundJob
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void runOnce() {
        Instant now = clock.instant();
        notifyExpired(now);
        List<String> due = QuarkusTransaction.requiringNew().call(() -> jobs.findDue(now, BATCH));
        due.forEach(dispatcher::submit);
    }

    private void notifyExpired(Instant now) {
        List<String> expired = QuarkusTransaction.requiringNew().call(() -> requests.findExpiredToNotify(now, BATCH));
        for (String id : expired) {
            QuarkusTransaction.requiringNew().run(() -> {
                if (requests.expire(id, now)) {
                    deliveries.onExpired(requests.findById(id), now);
                }
            });
        }
    }

    @BackgroundJob
    @Scheduled(
            every = "1h",
            delay = 5,
            delayUnit = TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteOldJobs() {
        QuarkusTransaction.requiringNew()
                .run(() -> jobs.deleteFinishedBefore(clock.instant().minus(config.retention())));
    }
}
