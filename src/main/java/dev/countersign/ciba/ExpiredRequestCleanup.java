package dev.countersign.ciba;

import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.ciba.store.PromptLimitWindowRepository;
import dev.countersign.common.BackgroundJob;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes backchannel requests that expired longer ago than {@code countersign.ciba.retention}.
 * Deleting an already-expired row changes no answer: its {@code auth_req_id} would be
 * {@code invalid_grant} rather than {@code expired_token}, long after any client stopped polling.
 * Also deletes the prompt-limit counters of windows that have ended (ADR 0005): they count nothing.
 * Safe on several instances at once: each delete is idempotent.
 */
@ApplicationScoped
class ExpiredRequestCleanup {
    private static final Logger LOG = Logger.getLogger(ExpiredRequestCleanup.class);

    private final BackchannelRequestRepository requests;
    private final PromptLimitWindowRepository windows;
    private final PromptLimits limits;
    private final CibaConfig config;
    private final Clock clock;

    ExpiredRequestCleanup(
            BackchannelRequestRepository requests,
            PromptLimitWindowRepository windows,
            PromptLimits limits,
            CibaConfig config,
            Clock clock) {
        this.windows = windows;
        this.limits = limits;
        this.requests = requests;
        this.config = config;
        this.clock = clock;
    }

    @BackgroundJob
    @Scheduled(
            every = "1h",
            delay = 5,
            delayUnit = TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void deleteOldRequests() {
        long deleted = requests.deleteEndedBefore(clock.instant().minus(config.retention()));
        if (deleted > 0) {
            LOG.infof("Deleted %d backchannel requests that expired more than %s ago", deleted, config.retention());
        }
        deleteEndedPromptWindows();
    }

    /**
     * A window that started a full window length ago has ended; a concurrent count moves its row to
     * the current window first (the row is locked by that update), so it is never deleted under it.
     */
    @Transactional
    void deleteEndedPromptWindows() {
        long deleted = windows.deleteStartedBefore(
                clock.instant().minus(config.limits().window()));
        if (deleted > 0) {
            limits.forgetRows();
            LOG.debugf("Deleted %d prompt-limit counters of ended windows", deleted);
        }
    }
}
