package dev.countersign.approval;

import dev.countersign.approval.store.ApprovalChallengeRepository;
import dev.countersign.common.BackgroundJob;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes passkey approval challenges that expired unused: an expired nonce can no longer be
 * consumed, so its row changes no answer. Used challenges are deleted by the conditional delete that
 * consumes them, superseded ones when the next is issued. Safe on several instances at once: each
 * delete is idempotent.
 */
@ApplicationScoped
class ExpiredChallengeCleanup {
    private static final Logger LOG = Logger.getLogger(ExpiredChallengeCleanup.class);

    private final ApprovalChallengeRepository challenges;
    private final Clock clock;

    ExpiredChallengeCleanup(ApprovalChallengeRepository challenges, Clock clock) {
        this.challenges = challenges;
        this.clock = clock;
    }

    @BackgroundJob
    @Scheduled(
            every = "1h",
            delay = 9,
            delayUnit = TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void deleteExpired() {
        long deleted = challenges.deleteExpiredBefore(clock.instant());
        if (deleted > 0) {
            LOG.debugf("Deleted %d expired passkey approval challenges", deleted);
        }
    }
}
