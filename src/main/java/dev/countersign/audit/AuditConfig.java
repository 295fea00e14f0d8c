package dev.countersign.audit;

import dev.countersign.common.config.DurationRange;
import dev.countersign.common.config.IntRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The hash-chained audit trail. */
@ConfigMapping(prefix = "countersign.audit")
public interface AuditConfig {
    /** How often recorded events are sealed into the hash chain. */
    @WithDefault("PT1S")
    Duration sealInterval();

    /** How many events one sealing transaction seals at most. */
    @WithDefault("500")
    @IntRange(min = 1, max = 10_000)
    int sealBatchSize();

    /**
     * For each client and user, how long after a {@code slow_down} answer to a too-fast poll that
     * is stored as its own event the further ones are only counted, then stored as one summary
     * event with their number (ADR 0007). {@code PT0S} stores every one on its own.
     */
    @WithDefault("PT1M")
    @DurationRange(min = "PT0S", max = "P1D")
    Duration repeatedSlowDownWindow();
}
