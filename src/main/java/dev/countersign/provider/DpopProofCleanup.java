package dev.countersign.provider;

import dev.countersign.common.BackgroundJob;
import dev.countersign.provider.store.DpopProofRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * Deletes remembered DPoP proofs once they could no longer be accepted anyway (their {@code iat} is
 * older than {@code countersign.dpop.proof-max-age}), so the replay table stays small. Safe on several
 * instances at once: each delete is idempotent.
 */
@ApplicationScoped
class DpopProofCleanup {
    private final DpopProofRepository proofs;
    private final Clock clock;

    DpopProofCleanup(DpopProofRepository proofs, Clock clock) {
        this.proofs = proofs;
        this.clock = clock;
    }

    @BackgroundJob
    @Scheduled(
            every = "5m",
            delay = 1,
            delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void deleteExpiredProofs() {
        proofs.deleteExpiredBefore(clock.instant());
    }
}
