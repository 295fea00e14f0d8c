package dev.countersign.provider;

import dev.countersign.common.BackgroundJob;
import dev.countersign.provider.store.RefreshTokenFamilyRepository;
import dev.countersign.provider.store.RefreshTokenRepository;
import dev.countersign.provider.store.RevokedAccessTokenRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes grant records that can no longer change an answer: refresh tokens past their idle end,
 * families past their absolute end, and revocation records of access tokens past their {@code exp}
 * (an expired token is inactive anyway). Safe on several instances at once: each delete is
 * idempotent.
 */
@ApplicationScoped
class ExpiredGrantCleanup {
    private static final Logger LOG = Logger.getLogger(ExpiredGrantCleanup.class);

    private final RefreshTokenRepository tokens;
    private final RefreshTokenFamilyRepository families;
    private final RevokedAccessTokenRepository revoked;
    private final Clock clock;

    ExpiredGrantCleanup(
            RefreshTokenRepository tokens,
            RefreshTokenFamilyRepository families,
            RevokedAccessTokenRepository revoked,
            Clock clock) {
        this.tokens = tokens;
        this.families = families;
        this.revoked = revoked;
        this.clock = clock;
    }

    @BackgroundJob
    @Scheduled(
            every = "1h",
            delay = 7,
            delayUnit = TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void deleteExpired() {
        Instant now = clock.instant();
        long deleted =
                tokens.deleteExpiredBefore(now) + families.deleteExpiredBefore(now) + revoked.deleteExpiredBefore(now);
        if (deleted > 0) {
            LOG.infof("Deleted %d expired refresh token and revocation records", deleted);
        }
    }
}
