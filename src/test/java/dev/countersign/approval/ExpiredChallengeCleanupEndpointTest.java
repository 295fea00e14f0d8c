package dev.countersign.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.store.ApprovalChallengeEntity;
import dev.countersign.approval.store.ApprovalChallengeRepository;
import dev.countersign.common.RandomTokens;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
@DisplayName("Issue 4: passkey approval challenges that expired unused are deleted, open ones kept")
class ExpiredChallengeCleanupEndpointTest {
    @Inject
    MutableClock clock;

    @Inject
    ExpiredChallengeCleanup cleanup;

    @Inject
    ApprovalChallengeRepository challenges;

    @BeforeEach
    void resetClock() {
        clock.reset();
    }

    String challenge(Duration lifetime) {
        String nonce = RandomTokens.of(32);
        QuarkusTransaction.requiringNew().run(() -> {
            ApprovalChallengeEntity e = new ApprovalChallengeEntity();
            e.id = nonce;
            e.requestId = RandomTokens.of(16);
            e.userSub = "cleanup-test";
            e.expiresAt = clock.instant().plus(lifetime).truncatedTo(ChronoUnit.MICROS);
            challenges.persist(e);
        });
        return nonce;
    }

    boolean exists(String nonce) {
        return QuarkusTransaction.requiringNew()
                .call(() -> challenges.findByIdOptional(nonce).isPresent());
    }

    @Test
    void deletesExpiredChallengesAndKeepsOpenOnes() {
        String open = challenge(PasskeyApprovals.CHALLENGE_LIFETIME);
        String expired = challenge(Duration.ofSeconds(-1));
        cleanup.deleteExpired();
        assertThat(exists(open)).isTrue();
        assertThat(exists(expired)).isFalse();

        clock.advance(PasskeyApprovals.CHALLENGE_LIFETIME.plusSeconds(1));
        cleanup.deleteExpired();
        assertThat(exists(open)).isFalse();
    }
}
