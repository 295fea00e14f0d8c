package dev.countersign.provider;

import dev.countersign.common.BackgroundJob;
import dev.countersign.common.SecretHasher;
import dev.countersign.provider.store.UsedJwtIdRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Makes each {@code jti} of a client single-use until its JWT expires (OIDC Core §9: "These tokens
 * MUST only be used once"; RFC 7523 §3 item 7), across every instance sharing the database. The
 * stored key is the HMAC of client id and jti, so the table reveals neither; expired entries are
 * deleted by a scheduled job (safe on several instances at once: the delete is idempotent).
 */
@ApplicationScoped
public class UsedJwtIds {
    private final UsedJwtIdRepository repository;
    private final SecretHasher hasher;
    private final Clock clock;

    public UsedJwtIds(UsedJwtIdRepository repository, SecretHasher hasher, Clock clock) {
        this.repository = repository;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Records the use; false when this client used this jti before. */
    public boolean firstUse(String clientId, String jti, Instant expiresAt) {
        return repository.recordFirstUse(hasher.hash(clientId + "\n" + jti), expiresAt);
    }

    @BackgroundJob
    @Scheduled(
            every = "5m",
            delay = 1,
            delayUnit = TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void deleteExpiredOnSchedule() {
        repository.deleteExpiredBefore(clock.instant());
    }

    /** Deletes the entries of JWTs that have expired; returns how many. */
    @Transactional
    public long deleteExpired() {
        return repository.deleteExpiredBefore(clock.instant());
    }
}
