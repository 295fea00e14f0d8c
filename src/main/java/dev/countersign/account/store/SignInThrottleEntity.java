package dev.countersign.account.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code sign_in_throttle}: the wrong passwords from one client address in its window. */
@Entity
@Table(name = "sign_in_throttle")
public class SignInThrottleEntity {
    @Id
    @Column(name = "address_hash")
    public String addressHash;

    @Column(name = "window_end", nullable = false)
    public Instant windowEnd;

    @Column(name = "failures", nullable = false)
    public int failures;
}
