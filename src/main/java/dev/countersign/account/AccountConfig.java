package dev.countersign.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Users, passwords and sign-in sessions. */
@ConfigMapping(prefix = "countersign.account")
public interface AccountConfig {
    /** How many wrong passwords in a row lock an account. */
    @WithDefault("5")
    @Min(1)
    @Max(100)
    int maxFailedLogins();

    /** How long a locked account refuses sign-in (an operator can unlock it sooner). */
    @WithDefault("PT15M")
    Duration lockoutDuration();

    /** How long a sign-in session lasts before the user must sign in again. */
    @WithDefault("PT1H")
    Duration sessionLifetime();

    /** How often expired sessions are deleted from the database. */
    @WithDefault("PT5M")
    Duration sessionCleanupInterval();
}
