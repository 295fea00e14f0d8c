package dev.countersign.ciba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.ciba.store.PromptLimitWindowEntity;
import dev.countersign.ciba.store.PromptLimitWindowRepository;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
@DisplayName("ADR 0005: prompt-limit counters of ended windows are deleted, current ones kept")
class PromptWindowCleanupEndpointTest {
    @Inject
    MutableClock clock;

    @Inject
    ExpiredRequestCleanup cleanup;

    @Inject
    PromptLimitWindowRepository windows;

    @Inject
    CibaConfig config;

    @BeforeEach
    void resetClock() {
        clock.reset();
    }

    String counter(Instant windowStart) {
        String key = "user:" + Fixtures.uniqueName("sub");
        QuarkusTransaction.requiringNew().run(() -> {
            PromptLimitWindowEntity row = new PromptLimitWindowEntity();
            row.limitKey = key;
            row.windowStart = windowStart.truncatedTo(ChronoUnit.MICROS);
            row.requestCount = 3;
            windows.persist(row);
        });
        return key;
    }

    boolean exists(String key) {
        return QuarkusTransaction.requiringNew()
                .call(() -> windows.findByIdOptional(key).isPresent());
    }

    @Test
    void deletesTheCountersOfEndedWindowsAndKeepsTheCurrentOnes() {
        Duration window = config.limits().window();
        String current = counter(clock.instant());
        String ended = counter(clock.instant().minus(window).minusSeconds(1));
        cleanup.deleteEndedPromptWindows();
        assertThat(exists(current)).isTrue();
        assertThat(exists(ended)).isFalse();

        clock.advance(window.plusSeconds(1));
        cleanup.deleteOldRequests();
        assertThat(exists(current)).isFalse();
    }
}
