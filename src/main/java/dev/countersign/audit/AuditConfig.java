package dev.countersign.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** The hash-chained audit trail. */
@ConfigMapping(prefix = "countersign.audit")
public interface AuditConfig {
    /** How often recorded events are sealed into the hash chain. */
    @WithDefault("PT1S")
    Duration sealInterval();

    /** How many events one sealing transaction seals at most. */
    @WithDefault("500")
    @Min(1)
    @Max(10_000)
    int sealBatchSize();
}
