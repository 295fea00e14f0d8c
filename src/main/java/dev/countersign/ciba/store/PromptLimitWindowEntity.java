package dev.countersign.ciba.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code prompt_limit_windows}: how many requests a user or client made in the current window. */
@Entity
@Table(name = "prompt_limit_windows")
public class PromptLimitWindowEntity {
    @Id
    @Column(name = "limit_key")
    public String limitKey;

    @Column(name = "window_start", nullable = false)
    public Instant windowStart;

    @Column(name = "request_count", nullable = false)
    public int requestCount;
}
