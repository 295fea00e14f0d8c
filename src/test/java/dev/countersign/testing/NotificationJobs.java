package dev.countersign.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.store.NotificationJobEntity;
import dev.countersign.approval.store.NotificationJobRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** Reads the notification jobs of a request, and waits (bounded) for its one job to reach a state. */
public final class NotificationJobs {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private NotificationJobs() {}

    public static List<NotificationJobEntity> of(NotificationJobRepository jobs, String requestId) {
        return QuarkusTransaction.requiringNew().call(() -> jobs.findByRequest(requestId));
    }

    /** Polls until the request has exactly one job and it meets the condition; returns it. */
    public static NotificationJobEntity await(
            NotificationJobRepository jobs, String requestId, Predicate<NotificationJobEntity> condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            List<NotificationJobEntity> found = of(jobs, requestId);
            if (found.size() == 1 && condition.test(found.get(0))) {
                return found.get(0);
            }
            assertThat(Instant.now())
                    .as("the job of request %s never got there", requestId)
                    .isBefore(deadline);
            PushService.pause();
        }
    }
}
