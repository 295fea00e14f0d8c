package dev.countersign.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.approval.store.NotificationJobEntity;
import dev.countersign.approval.store.NotificationJobRepository;
import dev.countersign.ciba.AuthenticationDevice;
import dev.countersign.ciba.PendingRequest;
import dev.countersign.ciba.RequestState;
import dev.countersign.testing.BrowserSubscription;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.NotificationJobs;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.PushService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The notification jobs of a request are stored in the request's own transaction, so that they
 * commit with it or not at all, and a job whose first attempt never ran (the process was killed
 * right after the commit) is attempted once its lease has passed.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class NotificationJobsEndpointTest {
    @Inject
    AuthenticationDevice device;

    @Inject
    NotificationFanOut fanOut;

    @Inject
    NotificationScheduler scheduler;

    @Inject
    NotificationJobRepository jobs;

    @Inject
    ApprovalConfig config;

    @Inject
    MutableClock clock;

    PushService pushService;
    SignedInUser user;
    BrowserSubscription phone;

    @BeforeEach
    void setUp() {
        pushService = PushService.start();
        user = Fixtures.signedInUser();
        phone = new BrowserSubscription(pushService.endpoint("/push/" + Fixtures.uniqueName("sub")));
        phone.register(user, "My phone").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        pushService.close();
    }

    PendingRequest pending() {
        Instant now = clock.instant();
        return new PendingRequest(
                UUID.randomUUID().toString(),
                user.sub(),
                "agent",
                "Agent",
                Optional.empty(),
                "openid",
                Optional.empty(),
                RequestState.PENDING,
                now,
                now.plus(Duration.ofMinutes(5)));
    }

    List<NotificationJobEntity> jobsOf(String requestId) {
        return NotificationJobs.of(jobs, requestId);
    }

    NotificationJobEntity awaitJob(String requestId, Predicate<NotificationJobEntity> condition) {
        return NotificationJobs.await(jobs, requestId, condition);
    }

    String pushedRequestId(PushService.Received push) {
        return phone.decryptWithHttpEce(push.body()).replaceAll(".*\"request_id\":\"([^\"]+)\".*", "$1");
    }

    @Nested
    @DisplayName("The jobs share the request's transaction")
    class SameTransaction {
        @Test
        void aRolledBackRequestLeavesNoJobAndSendsNothing() {
            PendingRequest rolledBack = pending();
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                        device.notifyPending(rolledBack);
                        throw new IllegalStateException("the request could not be stored");
                    }))
                    .hasMessageContaining("could not be stored");
            PendingRequest committed = pending();
            QuarkusTransaction.requiringNew().run(() -> device.notifyPending(committed));

            awaitJob(committed.id(), j -> j.leaseUntil == null); // its first attempt is over
            assertThat(jobsOf(rolledBack.id())).isEmpty();
            assertThat(pushService.received())
                    .extracting(NotificationJobsEndpointTest.this::pushedRequestId)
                    .doesNotContain(rolledBack.id());
        }

        @Test
        void theJobIsVisibleAtTheCommitAlreadyClaimedForItsFirstAttempt() {
            PendingRequest request = pending();
            pushService.answer(503);
            QuarkusTransaction.requiringNew().run(() -> device.notifyPending(request));

            List<NotificationJobEntity> stored = jobsOf(request.id());
            assertThat(stored).hasSize(1);
            assertThat(stored.get(0).attempts).isEqualTo(1);
            assertThat(stored.get(0).status).isEqualTo("PENDING");
        }
    }

    @Nested
    @DisplayName("A first attempt that never ran is picked up by its lease")
    class AfterAKilledProcess {
        @Test
        void theSchedulerAttemptsTheJobOnlyOnceItsLeaseHasPassed() {
            PendingRequest request = pending();
            // What a process killed right after the request's commit leaves: the jobs, claimed, unattempted.
            QuarkusTransaction.requiringNew().run(() -> fanOut.schedule(request, clock.instant()));

            scheduler.runOnce();
            assertThat(jobsOf(request.id()).get(0).attempts)
                    .as("still leased to the first attempt")
                    .isEqualTo(1);

            clock.advance(config.notifications().lease().plusSeconds(1));
            scheduler.runOnce();
            NotificationJobEntity second = awaitJob(request.id(), j -> j.attempts == 2 && j.leaseUntil == null);
            // On a loaded machine the first TLS connection may time out: the retry then goes the same way.
            for (int attempt = 2; !"SENT".equals(second.status) && attempt < 4; attempt++) {
                clock.advance(Duration.ofSeconds(3));
                scheduler.runOnce();
                int next = attempt + 1;
                second = awaitJob(request.id(), j -> j.attempts == next && j.leaseUntil == null);
            }
            assertThat(second.status).isEqualTo("SENT");
            List<PushService.Received> pushed = pushService.received();
            assertThat(pushedRequestId(pushed.get(pushed.size() - 1))).isEqualTo(request.id());
        }
    }
}
