package dev.countersign.account;

import dev.countersign.common.config.IntRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Users, passwords and sign-in sessions. */
@ConfigMapping(prefix = "countersign.account")
public interface AccountConfig {
    /** How many wrong passwords in a row lock an account. */
    @WithDefault("5")
    @IntRange(min = 1, max = 100)
    int maxFailedLogins();

    /** How long a locked account refuses sign-in (an operator can unlock it sooner). */
    @WithDefault("PT15M")
    Duration lockoutDuration();

    /** How many wrong passwords from one client IP address, for any accounts, pause sign-in from that address. */
    @WithDefault("20")
    @IntRange(min = 1, max = 10000)
    int ipMaxFailedLogins();

    /** The window over which wrong passwords from one client IP address are counted; sign-in from it resumes when it ends. */
    @WithDefault("PT15M")
    Duration ipFailureWindow();

    /** How long a sign-in session lasts before the user must sign in again. */
    @WithDefault("PT1H")
    Duration sessionLifetime();

    /** How often expired sessions are deleted from the database. */
    @WithDefault("PT5M")
    Duration sessionCleanupInterval();
}
